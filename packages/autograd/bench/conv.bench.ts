/**
 * The conv2d and maxPool gradient routes @typeflow/tensor takes, against the tfjs kernels they
 * replace, at the book CNNs' layer sizes ('same' convolutions, 2x2 pooling) on a batch of 128.
 * The wasm backend has no Conv2DBackpropFilter kernel, and its MaxPoolGrad kernel is wrong for
 * all-negative windows (timed anyway, for comparison).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as T from '@typeflow/tensor';
import { toTfjs } from '@typeflow/tensor/tfjs';
import { Bench } from 'tinybench';

const batch = 128;
const layers: [string, number[], number[]][] = [
  ['cnn conv 36x36x1 -> 4 (5x5)', [batch, 36, 36, 1], [5, 5, 1, 4]],
  ['cnn2 conv1 36x36x1 -> 16 (3x3)', [batch, 36, 36, 1], [3, 3, 1, 16]],
  ['cnn2 conv2 18x18x16 -> 4 (3x3)', [batch, 18, 18, 16], [3, 3, 16, 4]],
];

async function measure(backend: T.Backend): Promise<void> {
  await T.setBackend(backend);
  const bench = new Bench({ time: 500, iterations: 3, warmupIterations: 1, warmupTime: 0 });
  const made: T.Tensor[] = [];
  // Each iteration copies the output gradient first, as a training step's is new every time: a
  // matMul whose weight operand was seen before skips XNNPACK's packing, which would flatter it.
  const run = (f: () => T.Tensor | tf.Tensor) => () => {
    tf.tidy(() => {
      f().dataSync();
    });
  };
  const fresh = <X extends T.Tensor | tf.Tensor>(t: X): X =>
    (t instanceof T.Tensor ? T.add(t, 0) : tf.add(t as tf.Tensor, 0)) as X;
  for (const [name, xs, fs] of layers) {
    const x = T.randomUniform(xs, { seed: 1, min: -1, max: 1 });
    const filter = T.randomUniform(fs, { seed: 2, min: -0.2, max: 0.2 });
    const options = { padding: 'same' } as const;
    const y = T.relu(T.conv2d(x, filter, options));
    const dy = T.randomUniform(y.shape, { seed: 3, min: -1, max: 1 });
    const pooled = T.maxPool(y, { size: 2 });
    const dp = T.randomUniform(pooled.shape, { seed: 4, min: -1, max: 1 });
    made.push(x, filter, y, dy, pooled, dp);
    const [xt, ft, dyt] = [x, filter, dy].map(toTfjs) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    bench.add(
      `${name}: dx, ours`,
      run(() => T.conv2dBackpropInput(fresh(dy), filter, xs, options)),
    );
    bench.add(
      `${name}: dx, tf.conv2dTranspose`,
      run(() => tf.conv2dTranspose(fresh(dyt), ft, xs as [number, number, number, number], 1, 'same')),
    );
    bench.add(
      `${name}: dfilter, ours`,
      run(() => T.conv2dBackpropFilter(x, fresh(dy), fs, options)),
    );
    if (backend === 'cpu') {
      const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: fs };
      bench.add(
        `${name}: dfilter, Conv2DBackpropFilter kernel`,
        run(() => tf.engine().runKernel('Conv2DBackpropFilter', { x: xt, dy: fresh(dyt) }, attrs) as tf.Tensor),
      );
    }
    bench.add(
      `${name}: maxPool dx, ours`,
      run(() => T.maxPoolBackprop(fresh(dp), y, pooled, { size: 2 })),
    );
    const poolInputs = { dy: toTfjs(dp), input: toTfjs(y), output: toTfjs(pooled) };
    const poolAttrs = { filterSize: 2, strides: 2, pad: 'valid' };
    bench.add(
      `${name}: maxPool dx, MaxPoolGrad kernel`,
      run(
        () => tf.engine().runKernel('MaxPoolGrad', { ...poolInputs, dy: fresh(poolInputs.dy) }, poolAttrs) as tf.Tensor,
      ),
    );
  }
  await bench.run();
  for (const task of bench.tasks) {
    if (task.result.state !== 'completed') throw new Error(`${task.name} did not complete: ${task.result.state}`);
    console.log(`${backend.padEnd(5)} ${task.name.padEnd(64)} ${task.result.latency.mean.toFixed(1).padStart(8)} ms`);
  }
  T.dispose(made);
}

console.log(`conv2d and maxPool gradients, batch ${batch} (mean of timed runs; a shared machine is noisy)`);
for (const backend of ['wasm', 'cpu'] as const) await measure(backend);
