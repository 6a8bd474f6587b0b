import * as A from '@typeflow/autograd';
import { abs, add, getBackend, matmul, max, mul, randomNormal, scope, sub, sum, tensor } from '@typeflow/tensor';
import { type ExampleContext, type ExampleResult, metric } from './example.js';

/**
 * Chapter 1's first steps: a constant, arithmetic on it, one large matrix product timed, and (what
 * TensorFlow's graph gave the book for free) a gradient.
 */
export default async function simpleComputations(_context: ExampleContext): Promise<ExampleResult> {
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);
  const list = (values: ArrayLike<number>) => `[${Array.from(values, (v) => +v.toFixed(4)).join(', ')}]`;

  // #region compute
  // A constant: the numbers 0..9. Ops return new tensors; dataSync() copies the values out.
  const x = tensor(Array.from({ length: 10 }, (_, i) => i));
  print(`x           = ${list(x.dataSync())}`);
  const y = add(mul(x, 2), 1); // numpy broadcasting: a number acts as a scalar
  print(`2x + 1      = ${list(y.dataSync())}`);
  print(`sum(2x + 1) = ${sum(y).item()}`);
  x.dispose();
  y.dispose();

  // A large computation: the identity [1000 x 1000] times random numbers [1000 x 300] gives them back.
  const n = 1000;
  const identity = new Float32Array(n * n);
  for (let i = 0; i < n; i++) identity[i * n + i] = 1;
  const started = performance.now();
  const maxError = scope(() => {
    const random = randomNormal([n, 300], { seed: 1 });
    return max(abs(sub(matmul(tensor(identity, [n, n]), random), random))).item();
  });
  const ms = performance.now() - started;
  const gflops = (2 * n * n * 300) / (ms * 1e6);
  print(
    `I x Y == Y: largest difference ${maxError} (${ms.toFixed(0)} ms on ${getBackend()}, ${gflops.toFixed(1)} GFLOP/s)`,
  );
  // #endregion compute

  // #region gradient
  // A gradient: d/dw sum(w^2) = 2w, computed by reverse-mode autograd.
  const w = tensor([1, 2, 3]);
  const [gradient] = A.grad((v) => A.sum(A.square(v)))(w);
  const g = Array.from(gradient?.dataSync() ?? []);
  print(`d/dw sum(w^2) at w = [1, 2, 3]: ${list(g)}`);
  w.dispose();
  gradient?.dispose();
  // #endregion gradient

  return {
    metrics: [
      metric('maxError', 'largest |I Y - Y|', maxError),
      metric('matmulMs', 'matmul time (ms), compile included', ms, ms.toFixed(0)),
      metric('gradient', 'gradient at [1, 2, 3]', g[2] ?? Number.NaN, list(g)),
      metric('backend', 'backend', 0, getBackend()),
    ],
    plots: [],
    lines,
  };
}
