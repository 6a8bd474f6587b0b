/**
 * One value-and-gradient of the book MLP's loss (1296 -> 128 sigmoid -> 32 sigmoid -> 5, the book's
 * loss) on a full batch [2511 x 1296], with our autograd and with `tf.variableGrads`, per backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import './tfjs-gradients.js';
import * as T from '@typeflow/tensor';
import { toTfjs } from '@typeflow/tensor/tfjs';
import { Bench } from 'tinybench';
import * as A from '../src/index.js';

const [rows, pixels, classes] = [2511, 1296, 5];
const layers: [number, number, number, number][] = [
  // fanIn, fanOut, weight stddev, bias: the book's initialization (DESIGN.md).
  [pixels, 128, 1 / Math.sqrt(1296), 0.1],
  [128, 32, 2 / Math.sqrt(128), 0.2],
  [32, classes, 1 / Math.sqrt(5), 0.1],
];

/** -mean(sum(y * logSoftmax(softmax(logits) + 1e-50), 1)), written once over either op set. */
function bookLoss<X>(o: Ops<X>, x: X, y: X, params: X[]): X {
  let h = x;
  for (let i = 0; i < params.length; i += 2) {
    const z = o.add(o.matmul(h, params[i] as X), params[i + 1] as X);
    h = i + 2 < params.length ? o.sigmoid(z) : z;
  }
  return o.neg(o.mean(o.sum(o.mul(y, o.logSoftmax(o.add(o.softmax(h), 1e-50))), 1)));
}

interface Ops<X> {
  add(a: X, b: X | number): X;
  matmul(a: X, b: X): X;
  sigmoid(x: X): X;
  softmax(x: X): X;
  logSoftmax(x: X): X;
  mul(a: X, b: X): X;
  sum(x: X, axis: number): X;
  mean(x: X): X;
  neg(x: X): X;
}

const ours: Ops<T.Tensor> = { ...A, sum: (x, axis) => A.sum(x, axis), mean: (x) => A.mean(x) };
const tfjs: Ops<tf.Tensor> = {
  add: tf.add,
  matmul: (a, b) => tf.matMul(a, b),
  sigmoid: tf.sigmoid,
  softmax: (x) => tf.softmax(x),
  logSoftmax: (x) => tf.logSoftmax(x),
  mul: tf.mul,
  sum: (x, axis) => tf.sum(x, axis),
  mean: (x) => tf.mean(x),
  neg: tf.neg,
};

async function measure(backend: T.Backend): Promise<void> {
  await T.setBackend(backend);
  const x = T.randomUniform([rows, pixels], { seed: 1, min: 0, max: 1 });
  const labels = T.tensor(Int32Array.from({ length: rows }, (_, i) => i % classes));
  const y = T.oneHot(labels, classes);
  const variables = layers.flatMap(([fanIn, fanOut, stddev, bias], i) => [
    new A.Variable(T.truncatedNormal([fanIn, fanOut], { stddev, seed: 10 + i })),
    new A.Variable(T.fill([fanOut], bias)),
  ]);
  const tfVariables = variables.map((v) => tf.variable(toTfjs(v.value).clone()));

  const run = (step: () => { value: unknown; grads: unknown }) => () => {
    const { value, grads } = step();
    (value as { dataSync(): unknown }).dataSync();
    tf.dispose([value as tf.Tensor, ...Object.values(grads as Record<string, tf.Tensor>)]);
  };
  const cpu = backend === 'cpu';
  const bench = new Bench({ time: cpu ? 0 : 2000, iterations: cpu ? 3 : 10, warmupIterations: 1, warmupTime: 0 });
  bench.add(
    'typeflow variableGrads',
    run(() => {
      const { value, grads } = A.variableGrads(
        () =>
          bookLoss(
            ours,
            x,
            y,
            variables.map((v) => v.value),
          ),
        variables,
      );
      return { value: toTfjs(value), grads: grads.map(toTfjs) };
    }),
  );
  bench.add(
    'tf.variableGrads',
    run(() => tf.variableGrads(() => bookLoss(tfjs, toTfjs(x), toTfjs(y), tfVariables) as tf.Scalar, tfVariables)),
  );
  await bench.run();
  const ms = bench.tasks.map((task) => {
    if (task.result.state !== 'completed')
      throw new Error(
        `${task.name} did not complete: ${task.result.state} ${String((task.result as { error?: unknown }).error)}`,
      );
    return task.result.latency.mean;
  });
  bench.tasks.forEach((task, i) => {
    console.log(`${backend.padEnd(5)} ${task.name.padEnd(24)} ${(ms[i] as number).toFixed(1).padStart(8)} ms`);
  });
  console.log(
    `${backend.padEnd(5)} ${'ratio (tfjs / ours)'.padEnd(24)} ${((ms[1] as number) / (ms[0] as number)).toFixed(1).padStart(8)} x`,
  );
  T.dispose([x, labels, y]);
  for (const v of variables) v.dispose();
  tf.dispose(tfVariables);
}

console.log(
  `book MLP loss, value and gradient, full batch [${rows} x ${pixels}] (mean of timed runs; a shared machine is noisy)`,
);
for (const backend of ['wasm', 'cpu'] as const) await measure(backend);
