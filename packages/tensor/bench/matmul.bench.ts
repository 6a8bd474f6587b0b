/**
 * GFLOP/s of matmul on each backend, at the book MLP's first-layer size ([2511 x 1296] x [1296 x 128]),
 * plain and with a transposed operand (the orientation a naive Dense backward pass would use).
 */
import { Bench } from 'tinybench';
import { type Backend, dispose, matmul, randomUniform, setBackend, type Tensor } from '../src/index.js';
import { BACKENDS } from '../src/testing.js';

const [m, k, n] = [2511, 1296, 128];
const flops = 2 * m * k * n;

async function measure(backend: Backend): Promise<void> {
  await setBackend(backend);
  const a = randomUniform([m, k], { seed: 1 });
  const at = randomUniform([k, m], { seed: 2 });
  const b = randomUniform([k, n], { seed: 3 });
  const run = (f: () => Tensor) => () => {
    const out = f();
    out.dataSync();
    out.dispose();
  };
  const bench = new Bench({ time: backend === 'cpu' ? 2000 : 1000, iterations: 3 });
  bench.add(
    'a b',
    run(() => matmul(a, b)),
  );
  bench.add(
    'a^T b',
    run(() => matmul(at, b, { transposeA: true })),
  );
  await bench.run();
  for (const task of bench.tasks) {
    if (task.result.state !== 'completed') throw new Error(`${task.name} did not complete: ${task.result.state}`);
    const ms = task.result.latency.mean;
    console.log(
      `${backend.padEnd(5)} ${task.name.padEnd(6)} ${ms.toFixed(1).padStart(8)} ms  ${(flops / ms / 1e6).toFixed(1).padStart(6)} GFLOP/s`,
    );
  }
  dispose([a, at, b]);
}

console.log(`matmul [${m} x ${k}] x [${k} x ${n}] (${(flops / 1e9).toFixed(2)} GFLOP)`);
for (const backend of BACKENDS) await measure(backend);
