import * as T from '@typeflow/tensor';
import { assertClose, BACKENDS, randomValues } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { constant, truncatedNormal } from '../initializers.js';
import { ReLU, Sigmoid, Softmax } from './activations.js';
import { Dense } from './dense.js';
import { Flatten } from './flatten.js';
import { Sequential } from './sequential.js';

describe.each(BACKENDS)('layers on %s', (backend) => {
  beforeAll(() => T.setBackend(backend));

  it('Dense computes x W + b with W [inputs, outputs]', () => {
    const dense = new Dense(3, 2, { weights: truncatedNormal({ stddev: 1, seed: 1 }), bias: constant(0.5) });
    const x = randomValues(4 * 3, 2);
    const w = dense.weights.value.dataSync();
    const expected = Array.from({ length: 8 }, (_, k) => {
      const [i, j] = [Math.floor(k / 2), k % 2];
      return 0.5 + [0, 1, 2].reduce((s, p) => s + (x[i * 3 + p] as number) * (w[p * 2 + j] as number), 0);
    });
    assertClose(dense.forward(T.tensor(x, [4, 3])).dataSync(), expected, { rtol: 1e-5, atol: 1e-6 });
    expect(dense.weights.shape).toEqual([3, 2]);
    expect(dense.bias.shape).toEqual([2]);
  });

  it('activations keep the shape; Flatten makes rows', () => {
    const x = T.tensor([[-1, 0, 2]]);
    assertClose(new Sigmoid().forward(x).dataSync(), [1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-2))], { rtol: 1e-6 });
    expect(Array.from(new ReLU().forward(x).dataSync())).toEqual([0, 0, 2]);
    assertClose([T.sum(new Softmax().forward(x)).item()], [1], { rtol: 1e-6 });
    expect(new Flatten().forward(T.zeros([2, 3, 4, 1])).shape).toEqual([2, 12]);
  });

  it('Sequential names parameters as the book: W, b alone, else W1, b1, W2, b2', () => {
    const one = new Sequential([new Dense(4, 2)], { inputShape: [4] });
    expect([...one.namedParameters().keys()]).toEqual(['W', 'b']);
    const two = new Sequential([new Dense(4, 3), new Sigmoid(), new Dense(3, 2)], { inputShape: [4] });
    expect([...two.namedParameters().keys()]).toEqual(['W1', 'b1', 'W2', 'b2']);
    expect(two.outputShapePerExample).toEqual([2]);
  });

  it('refuses layers whose sizes do not chain, naming the layer', () => {
    const bad = () =>
      new Sequential([new Dense(4, 3), new Sigmoid(), new Dense(5, 2, { name: 'output' })], { inputShape: [4] });
    expect(bad).toThrow(T.ShapeError);
    expect(bad).toThrow(/layer 2 \(output\) does not accept the output of layer 1 \(sigmoid\), shape \[3\]/);
    expect(() => new Sequential([new Dense(4, 3)], { inputShape: [5] })).toThrow(
      /does not accept the output of the input/,
    );
  });

  it('refuses input of the wrong width and bad sizes', () => {
    const model = new Sequential([new Dense(4, 2)], { inputShape: [4] });
    expect(() => model.forward(T.zeros([3, 5]))).toThrow(
      "sequential: argument 'x' expected shape [batch, 4], got [3, 5]",
    );
    expect(() => new Dense(0, 2)).toThrow(T.ValueError);
    expect(() => new Dense(2.5, 2)).toThrow(/argument 'inputs' expected a positive integer, got 2.5/);
  });
});
