import {
  argmax,
  dispose,
  getBackend,
  matmul,
  memory,
  mul,
  randomUniform,
  ShapeError,
  scope,
  sigmoid,
  softmax,
  sum,
  tensor,
} from '@typeflow/tensor';
import { type ExampleContext, type ExampleResult, metric } from './example.js';

/** The tensor package in one run: creation, broadcasting, matmul, reductions, scopes, typed errors. */
export default async function tensorGuide(_context: ExampleContext): Promise<ExampleResult> {
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);
  const before = memory().numTensors;

  // #region basics
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]); // shape [2, 3], float32
  const w = tensor([[0.1], [0.2], [0.3]]); // [3, 1]
  const y = scope(() => sigmoid(matmul(x, w))); // the product is released, y is kept
  print(`sigmoid(x w) = [${Array.from(y.dataSync(), (v) => v.toFixed(4)).join(', ')}]`);
  scope(() => {
    // numpy broadcasting: [2, 3] * [3]; a plain number is a scalar
    print(`x * [1, 10, 100] = ${JSON.stringify(mul(x, tensor([1, 10, 100])).toArray())}`);
    print(`sum over axis 0 = ${JSON.stringify(sum(x, 0).toArray())}, argmax of each row = ${argmax(x).toArray()}`);
  });
  // #endregion basics

  // #region random
  const [a, b] = [randomUniform([2, 5], { seed: 42 }), randomUniform([2, 5], { seed: 42 })]; // seed required
  const same = a.dataSync().every((v, i) => v === b.dataSync()[i]);
  const rowSums = scope(() => sum(softmax(a), 1).dataSync()); // softmax over the last axis
  print(`same seed, same values: ${same}; softmax row sums: ${Array.from(rowSums, (s) => s.toFixed(6))}`);
  // #endregion random

  // #region errors
  try {
    matmul(x, x); // [2, 3] x [2, 3]: the inner sizes differ
  } catch (error) {
    if (error instanceof ShapeError) print(`${error.name}: ${error.message}`);
  }
  // #endregion errors

  dispose([x, w, y, a, b]);
  const left = memory().numTensors - before;
  print(`backend: ${getBackend()}; tensors left over: ${left}`);
  return {
    metrics: [
      metric('left', 'tensors left over', left),
      metric('same', 'same seed, same values', same ? 1 : 0, String(same)),
    ],
    plots: [],
    lines,
  };
}
