import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import * as A from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import { assertClose, BACKENDS, randomValues } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { constant, truncatedNormal } from '../initializers.js';
import { bookModel } from '../models.js';
import { Adam } from '../optimizers/adam.js';
import { fit } from '../trainer.js';
import { Conv2D } from './conv2d.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import type { Layer } from './layer.js';
import { MaxPool2D } from './max-pool2d.js';
import { Reshape } from './reshape.js';
import { Sequential } from './sequential.js';

const toTf = (t: T.Tensor) => tf.tensor(t.dataSync() as Float32Array, [...t.shape]);

/** The gradient of sum(layer(x)^2) with respect to `wrt` (the input or a parameter), with our autograd. */
function ours(layer: Layer, x: T.Tensor, wrt: T.Tensor, training = false): Float32Array {
  const { value, grads } = A.vjp(() => A.sum(A.square(layer.forward(x, { training, step: 3 }))), [wrt]);
  value.dispose();
  return grads[0]?.dataSync() as Float32Array;
}

/**
 * Central differences of f = sum(layer(x)^2) at a few coordinates of `wrt`. f is quadratic in a
 * convolution's filter and input (and piecewise quadratic through max-pooling), so the central
 * difference is exact up to float32 rounding of f: the tolerance covers that rounding (f is about
 * 1e2-1e3, so an f32 ulp is ~1e-5 to 1e-4, divided by 2h = 0.02).
 */
function finiteDifferences(f: (values: Float32Array) => number, values: Float32Array, indices: number[]): number[] {
  const h = 1e-2;
  return indices.map((i) => {
    const plus = values.slice();
    const minus = values.slice();
    plus[i] = (plus[i] as number) + h;
    minus[i] = (minus[i] as number) - h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

describe.each(BACKENDS)('CNN layers on %s', (backend) => {
  beforeAll(() => T.setBackend(backend));
  const xs = [2, 8, 8, 3];
  const xValues = randomValues(2 * 8 * 8 * 3, 21);

  it('Conv2D computes conv2d(x, W) + b and its gradients match tf.grads and finite differences', async () => {
    for (const padding of ['same', 'valid'] as const) {
      const layer = new Conv2D(3, 4, {
        kernelSize: 3,
        padding,
        weights: truncatedNormal({ stddev: 0.5, seed: 1 }),
        bias: constant(0.1),
      });
      const x = T.tensor(xValues, xs);
      const w = layer.weights.value;
      // tfjs's reference on its cpu backend: wasm has no Conv2DBackpropFilter kernel for tf.grads.
      await T.setBackend('cpu');
      const expected = tf.add(tf.conv2d(toTf(x) as tf.Tensor4D, toTf(w) as tf.Tensor4D, 1, padding), 0.1).dataSync();
      const [gx, gw] = tf
        .grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.square(tf.add(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, padding), 0.1))),
        )([toTf(x), toTf(w)])
        .map((g) => g.dataSync());
      await T.setBackend(backend);
      assertClose(layer.forward(x).dataSync(), expected, { rtol: 1e-5, atol: 1e-5 });
      // Sums of ~100 float32 products per output: 1e-4 relative covers the differing summation order.
      assertClose(ours(layer, x, w), gw as Float32Array, { rtol: 1e-4, atol: 1e-4 });
      assertClose(ours(layer, x, x), gx as Float32Array, { rtol: 1e-4, atol: 1e-4 });
      const wValues = w.dataSync() as Float32Array;
      const f = (values: Float32Array) => {
        layer.weights.assign(T.tensor(values, w.shape));
        return T.scope(() => T.sum(T.square(layer.forward(x)))).item();
      };
      const grad = ours(layer, x, layer.weights.value);
      const picks = [0, 17, 50, 107];
      assertClose(
        finiteDifferences(f, wValues, picks),
        picks.map((i) => grad[i] as number),
        { rtol: 2e-3, atol: 2e-2 },
      );
    }
  });

  it('MaxPool2D gradients match tf.grads and finite differences', async () => {
    const layer = new MaxPool2D({ size: 2 });
    const x = T.tensor(xValues, xs);
    // tfjs's reference on its cpu backend: the wasm MaxPoolGrad kernel drops all-negative windows.
    await T.setBackend('cpu');
    const [gx] = tf.grads((a: tf.Tensor) => tf.sum(tf.square(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'))))([toTf(x)]);
    const reference = gx?.dataSync() as Float32Array;
    await T.setBackend(backend);
    const grad = ours(layer, x, x);
    assertClose(grad, reference, { rtol: 1e-6, atol: 1e-7 });
    const f = (values: Float32Array) => T.scope(() => T.sum(T.square(layer.forward(T.tensor(values, xs))))).item();
    const picks = Array.from({ length: 24 }, (_, k) => k * 15);
    assertClose(
      finiteDifferences(f, xValues, picks),
      picks.map((i) => grad[i] as number),
      { rtol: 2e-3, atol: 2e-3 },
    );
    expect(Array.from(grad).filter((g) => g !== 0).length).toBe(2 * 4 * 4 * 3); // one maximum per window
  });

  it('Dropout is the identity when evaluating, and masks and rescales while training', () => {
    const layer = new Dropout(0.5, { seed: 9 });
    const x = T.ones([200, 50]);
    expect(Array.from(layer.forward(x).dataSync()).every((v) => v === 1)).toBe(true);
    const trained = layer.forward(x, { training: true, step: 4 }).dataSync();
    const kept = Array.from(trained).filter((v) => v !== 0);
    expect(kept.every((v) => v === 2)).toBe(true);
    expect(kept.length / trained.length).toBeGreaterThan(0.47);
    expect(kept.length / trained.length).toBeLessThan(0.53);
    expect(layer.forward(x, { training: true, step: 4 }).dataSync()).toEqual(trained);
    expect(layer.forward(x, { training: true, step: 5 }).dataSync()).not.toEqual(trained);
  });

  it("the book's cnn and cnn2 learn on this backend (fit, minibatches): the loss falls, accuracy rises", async () => {
    // 100 examples in 5 classes: class k has brighter pixels in rows 7k..7k+6 (learnable by any CNN).
    const count = 100;
    const values = randomValues(count * 1296, 11, 0, 0.5);
    const labels = Array.from({ length: count }, (_, i) => i % 5);
    labels.forEach((label, i) => {
      for (let p = label * 252; p < label * 252 + 252; p++)
        values[i * 1296 + p] = (values[i * 1296 + p] as number) + 0.5;
    });
    const train = { x: T.tensor(values, [count, 1296]), labels };
    for (const name of ['cnn', 'cnn2'] as const) {
      const model = bookModel(name, { seed: 0 });
      const options = { epochs: 6, optimizer: new Adam(0.005), loss: 'softmax' as const, batchSize: 25, evalEvery: 1 };
      const { history } = await fit(model, { train, valid: train }, options);
      expect(history.loss.at(-1), name).toBeLessThan((history.loss[0] as number) * 0.8);
      expect(history.validAcc.at(-1), name).toBeGreaterThan(0.6);
      model.dispose();
    }
    train.x.dispose();
  }, 120_000);

  it("Dropout's gradient is its mask scaled by 1/keep, as tf.grads of x * mask / keep", () => {
    const layer = new Dropout(0.8, { seed: 2 });
    const x = T.tensor(randomValues(60, 3), [6, 10]);
    const mask = T.scope(() => layer.forward(T.ones([6, 10]), { training: true, step: 3 }));
    const [gx] = tf.grads((a: tf.Tensor) => tf.sum(tf.square(tf.mul(a, toTf(mask)))))([toTf(x)]);
    assertClose(ours(layer, x, x, true), gx?.dataSync() as Float32Array, { rtol: 1e-6, atol: 1e-7 });
  });

  it('refuses a kernel larger than the input with valid padding, a non-integer pooled size, a bad keep probability', () => {
    expect(
      () =>
        new Sequential([new Reshape([4, 4, 1]), new Conv2D(1, 2, { kernelSize: 5, padding: 'valid' })], {
          inputShape: [16],
        }),
    ).toThrow(/a window of at most 4 \(the input\) with 'valid' padding/);
    expect(() => new Sequential([new Reshape([5, 5, 1]), new MaxPool2D({ size: 2 })], { inputShape: [25] })).toThrow(
      /tile 5 exactly/,
    );
    expect(
      () => new Sequential([new Reshape([6, 6, 1]), new MaxPool2D({ size: 2 }), new Dense(9, 2)], { inputShape: [36] }),
    ).toThrow(T.ShapeError);
    for (const keep of [0, -0.5, 1.5, Number.NaN])
      expect(() => new Dropout(keep)).toThrow(/argument 'keepProbability' expected a number in \(0, 1\]/);
  });
});
