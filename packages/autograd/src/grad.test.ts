import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import {
  DTypeError,
  dispose,
  memory,
  ShapeError,
  setBackend,
  type Tensor,
  TypeflowError,
  tensor,
  zeros,
} from '@typeflow/tensor';
import { assertClose, BACKENDS, randomValues } from '@typeflow/tensor/testing';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  activeTape,
  add,
  grad,
  matmul,
  mul,
  sigmoid,
  square,
  sum,
  Variable,
  valueAndGrad,
  variableGrads,
  vjp,
} from './index.js';

const xv = randomValues(12, 1);
const wv = randomValues(12, 2);

describe.each(BACKENDS)('grad, valueAndGrad, vjp and variableGrads on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  let before = 0;
  beforeEach(() => {
    before = memory().numTensors;
  });
  // Every test disposes what it made; a failing path must leave nothing behind either.
  afterEach(() => {
    expect(memory().numTensors).toBe(before);
    expect(activeTape()).toBeNull();
  });

  it('valueAndGrad returns the value and one gradient per argument; grad the gradients alone', () => {
    const [x, w] = [tensor(xv, [3, 4]), tensor(wv, [4, 3])];
    const f = (a: Tensor, b: Tensor) => sum(sigmoid(matmul(a, b)));
    const { value, grads } = valueAndGrad(f)(x, w);
    const only = grad(f)(x, w);
    const tx = tf.tensor(xv, [3, 4]);
    const tw = tf.tensor(wv, [4, 3]);
    const expected = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.sigmoid(tf.matMul(a, b))))([tx, tw]);
    assertClose(
      [value.item()],
      tf.tidy(() => tf.sum(tf.sigmoid(tf.matMul(tx, tw))).dataSync()),
      { rtol: 1e-6 },
    );
    expected.forEach((e, i) => {
      assertClose(grads[i]?.dataSync() ?? [], e.dataSync(), { rtol: 1e-5, atol: 1e-6 });
      assertClose(only[i]?.dataSync() ?? [], e.dataSync(), { rtol: 1e-5, atol: 1e-6 });
    });
    tf.dispose([tx, tw, expected]);
    dispose([x, w, value, grads, only]);
  });

  it('vjp propagates a given output gradient from a non-scalar output, as tf.grads with dy', () => {
    const x = tensor(xv, [3, 4]);
    const dy = tensor(wv, [3, 4]);
    const { value, grads } = vjp(() => mul(square(x), 3), [x], dy);
    expect(value.shape).toEqual([3, 4]);
    const expected = tf.tidy(() =>
      tf
        .grads((a: tf.Tensor) => tf.mul(tf.square(a), 3))([tf.tensor(xv, [3, 4])], tf.tensor(wv, [3, 4]))[0]
        ?.dataSync(),
    );
    assertClose(grads[0]?.dataSync() ?? [], expected ?? [], { rtol: 1e-6, atol: 1e-7 });
    dispose([x, dy, value, grads]);
  });

  it('variableGrads differentiates with respect to Variables, in their order', () => {
    const w = new Variable(tensor(wv, [4, 3]), { name: 'w' });
    const b = new Variable(zeros([3]), { name: 'b' });
    const x = tensor(xv, [3, 4]);
    const f = () => sum(sigmoid(add(matmul(x, w.value), b.value)));
    const { value, grads } = variableGrads(f, [b, w]);
    const direct = grad((bb: Tensor, ww: Tensor) => sum(sigmoid(add(matmul(x, ww), bb))))(b.value, w.value);
    expect(grads.map((g) => g.shape)).toEqual([[3], [4, 3]]);
    for (const [i, g] of grads.entries()) {
      assertClose(g.dataSync(), direct[i]?.dataSync() ?? [], { rtol: 0, atol: 0 });
    }
    dispose([x, value, grads, direct]);
    w.dispose();
    b.dispose();
  });

  it('gives an input the function does not use a zero gradient of its shape', () => {
    const [x, unused] = [tensor(xv, [3, 4]), tensor(wv, [2, 6])];
    const [gx, gUnused] = grad((a: Tensor, _b: Tensor) => sum(square(a)))(x, unused);
    expect(gUnused?.shape).toEqual([2, 6]);
    expect(Array.from(gUnused?.dataSync() ?? [1])).toEqual(new Array(12).fill(0));
    assertClose(
      gx?.dataSync() ?? [],
      Array.from(xv, (v) => 2 * v),
      { rtol: 1e-6 },
    );
    dispose([x, unused, gx, gUnused]);
  });

  it('returns new tensors: gradients passed through unchanged are not shared with each other or the caller', () => {
    const [a, b] = [tensor(xv, [3, 4]), tensor(wv, [3, 4])];
    const [ga, gb] = grad((p: Tensor, q: Tensor) => sum(add(p, q)))(a, b);
    expect(ga).not.toBe(gb);
    ga?.dispose();
    expect(Array.from(gb?.dataSync() ?? [])).toEqual(new Array(12).fill(1));
    const seed = tensor(wv, [3, 4]);
    const identity = vjp(() => a, [a], seed);
    expect(identity.value).not.toBe(a);
    expect(identity.grads[0]).not.toBe(seed);
    dispose(identity);
    expect(a.isDisposed || seed.isDisposed).toBe(false);
    const scalarInput = tensor(xv.slice(0, 1), []);
    dispose(valueAndGrad((p: Tensor) => p)(scalarInput));
    expect(scalarInput.isDisposed).toBe(false);
    dispose([a, b, gb, seed, scalarInput]);
  });

  it('records only ops that depend on a watched input, and restores the tape afterwards', () => {
    const [x, c] = [tensor(xv, [3, 4]), tensor(wv, [3, 4])];
    const counts: number[] = [];
    const grads = grad((p: Tensor) => {
      const constant = mul(square(c), 2);
      counts.push(activeTape()?.entries.length ?? -1);
      const y = sum(mul(p, constant));
      counts.push(activeTape()?.entries.length ?? -1);
      return y;
    })(x);
    dispose(grads);
    expect(counts).toEqual([0, 2]);
    dispose([x, c]);
  });

  it('treats a gradient taken inside f as a constant (first-order only)', () => {
    const x = tensor(xv, [3, 4]);
    const [g] = grad((p: Tensor) => {
      const [inner] = grad((q: Tensor) => sum(square(q)))(p); // 2p, not recorded on the outer tape
      return sum(mul(p, inner as Tensor));
    })(x);
    assertClose(
      g?.dataSync() ?? [],
      Array.from(xv, (v) => 2 * v),
      { rtol: 1e-6 },
    );
    dispose([x, g]);
  });

  describe('refuses bad input with a typed error naming the argument', () => {
    it('a non-scalar output without an output gradient', () => {
      const x = tensor(xv, [3, 4]);
      expect(() => grad((p: Tensor) => square(p))(x)).toThrow(ShapeError);
      expect(() => grad((p: Tensor) => square(p))(x)).toThrow(
        "grad: argument 'f' expected a scalar output (or pass an output gradient of the output shape to vjp), got an output of shape [3, 4]",
      );
      x.dispose();
    });

    it('an output gradient of the wrong shape or dtype, or disposed', () => {
      const x = tensor(xv, [3, 4]);
      const wrong = tensor(wv, [4, 3]);
      expect(() => vjp(() => square(x), [x], wrong)).toThrow(
        "vjp: argument 'outputGradient' expected shape [3, 4] (the output's), got [4, 3]",
      );
      const ints = zeros([3, 4], 'int32');
      expect(() => vjp(() => square(x), [x], ints)).toThrow(DTypeError);
      wrong.dispose();
      expect(() => vjp(() => square(x), [x], wrong)).toThrow(/'outputGradient' expected a live Tensor/);
      dispose([x, ints]);
    });

    it('disposed inputs, and ops on disposed tensors inside f', () => {
      const [x, gone] = [tensor(xv, [3, 4]), tensor(wv, [3, 4])];
      gone.dispose();
      expect(() => grad((p: Tensor, _q: Tensor) => sum(p))(x, gone)).toThrow(
        "vjp: argument 'inputs[1]' expected a live Tensor, got a disposed Tensor",
      );
      expect(() => grad((p: Tensor) => sum(mul(p, gone)))(x)).toThrow(TypeflowError);
      expect(() => grad((p: Tensor) => sum(mul(p, gone)))(x)).toThrow(/mul: argument 'b' expected a live Tensor/);
      x.dispose();
    });

    it('a function that is not one, returns no Tensor, or is async', () => {
      const x = tensor(xv, [3, 4]);
      expect(() => grad(42 as never)).toThrow("grad: argument 'f' expected a function returning a Tensor, got 42");
      expect(() => grad((() => 1) as never)(x)).toThrow(/expected a function returning a Tensor, got one returning 1/);
      expect(() => grad((async (p: Tensor) => sum(p)) as never)(x)).toThrow(/synchronous/);
      expect(() => vjp(() => sum(x), [x, 3 as never])).toThrow("vjp: argument 'inputs[1]' expected a Tensor, got 3");
      x.dispose();
    });

    it('disposed or foreign variables, and Variable misuse', () => {
      const v = new Variable(tensor(wv, [3, 4]), { name: 'W1' });
      const transposed = tensor(xv, [4, 3]);
      expect(() => v.assign(transposed)).toThrow(/Variable 'W1': assign expected a float32 tensor of shape \[3, 4\]/);
      v.dispose();
      expect(() => variableGrads(() => sum(v.value), [v])).toThrow(
        "variableGrads: argument 'variables[0]' expected a live Variable, got Variable 'W1', disposed",
      );
      expect(() => variableGrads(() => zeros([]), [transposed as never])).toThrow(
        /'variables\[0\]' expected a Variable/,
      );
      transposed.dispose();
      const gone = tensor(xv, [3, 4]);
      gone.dispose();
      expect(() => new Variable(gone)).toThrow(/'initial' expected a live Tensor/);
    });
  });
});
