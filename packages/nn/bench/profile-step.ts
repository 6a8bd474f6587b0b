/**
 * Where a training step's time goes: times one value-and-gradient step of a book model on a random
 * batch, then lists the tfjs kernels of one step by total time (`tf.profile`; work outside tfjs
 * kernels, such as typeflow's own WebAssembly kernels, shows only in the step's total).
 *   pnpm --filter @typeflow/nn profile [model=cnn2] [backend=wasm] [batch=128]
 */
import * as tf from '@tensorflow/tfjs-core';
import * as A from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import { type BookModelName, bookModel, softmaxCrossEntropy } from '../src/index.js';

const [name = 'cnn2', backend = 'wasm', batchArg = '128'] = process.argv.slice(2);
const batch = Number(batchArg);
await T.setBackend(backend as T.Backend);
const model = bookModel(name as BookModelName, { seed: 0 });
const parameters = model.parameters();
const x = T.randomUniform([batch, 36 * 36], { seed: 1 });
const y = T.oneHot(
  T.tensor(
    Int32Array.from({ length: batch }, (_, i) => i % 5),
    [batch],
    'int32',
  ),
  5,
);
const step = (index: number) => {
  const { value, grads } = A.variableGrads(
    () => softmaxCrossEntropy(model.forward(x, { training: true, step: index }), y),
    parameters,
  );
  value.item();
  T.dispose([value, ...grads]);
};

for (let i = 0; i < 3; i++) step(i);
const repeats = 10;
const started = performance.now();
for (let i = 0; i < repeats; i++) step(i);
const ms = (performance.now() - started) / repeats;
console.log(
  `${name} on ${backend}, batch ${batch}: ${ms.toFixed(1)} ms per step, ${(ms / batch).toFixed(3)} ms per example`,
);
const profile = await tf.profile(() => step(repeats));
const byKernel = new Map<string, number>();
for (const k of profile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
for (const [kernel, total] of [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 12))
  console.log(`  ${kernel.padEnd(24)} ${total.toFixed(2).padStart(8)} ms`);
