import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { memory, setBackend, tensor } from '@typeflow/tensor';
import { assertClose, randomValues } from '@typeflow/tensor/testing';
import { expect, it } from 'vitest';
import { add, logSoftmax, matmul, mean, mul, neg, sigmoid, sum, valueAndGrad } from '../src/index.js';

it('mlp grads match tf.grads', async () => {
  await setBackend('wasm');
  const xv = randomValues(20 * 12, 1),
    w1v = randomValues(12 * 8, 2),
    b1v = randomValues(8, 3),
    w2v = randomValues(8 * 5, 4);
  const yv = new Float32Array(20 * 5);
  for (let i = 0; i < 20; i++) yv[i * 5 + (i % 5)] = 1;
  const x = tensor(xv, [20, 12]),
    y = tensor(yv, [20, 5]);
  const f = (w1: any, b1: any, w2: any) =>
    neg(mean(sum(mul(y, logSoftmax(matmul(sigmoid(add(matmul(x, w1), b1)), w2))), 1)));
  const before = memory().numTensors;
  const { value, grads } = valueAndGrad(f)(tensor(w1v, [12, 8]), tensor(b1v, [8]), tensor(w2v, [8, 5]));
  expect(memory().numTensors).toBe(before + 7);
  const tx = tf.tensor(xv, [20, 12]),
    ty = tf.tensor(yv, [20, 5]);
  const g = tf.grads((w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor) =>
    tf.neg(tf.mean(tf.sum(tf.mul(ty, tf.logSoftmax(tf.matMul(tf.sigmoid(tf.add(tf.matMul(tx, w1), b1)), w2))), 1))),
  );
  const tg = g([tf.tensor(w1v, [12, 8]), tf.tensor(b1v, [8]), tf.tensor(w2v, [8, 5])]);
  for (let i = 0; i < 3; i++) assertClose(grads[i]!.dataSync(), tg[i]!.dataSync(), { rtol: 1e-4, atol: 1e-6 });
  console.log(value.item());
});
