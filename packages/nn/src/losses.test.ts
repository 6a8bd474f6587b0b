import * as T from '@typeflow/tensor';
import { assertClose, BACKENDS, randomValues } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookCrossEntropy, lossFunction, softmaxCrossEntropy } from './losses.js';

/** Float64 mean over rows of -sum(y * log softmax(z)). */
function reference(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const rows = logits.length / classes;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const z = Array.from({ length: classes }, (_, c) => logits[r * classes + c] as number);
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    total -= z.reduce((s, v, c) => s + (labels[r * classes + c] as number) * (v - lse), 0);
  }
  return total / rows;
}

function softmaxRows(logits: ArrayLike<number>, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < logits.length / classes; r++) {
    const z = Array.from({ length: classes }, (_, c) => logits[r * classes + c] as number);
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / s));
  }
  return out;
}

describe.each(BACKENDS)('losses on %s', (backend) => {
  beforeAll(() => T.setBackend(backend));
  const logits = randomValues(8 * 5, 11, -3, 3);
  const labels = new Float32Array(8 * 5).map((_, i) => (i % 5 === Math.floor(i / 5) % 5 ? 1 : 0));

  it('softmaxCrossEntropy matches float64 on logits', () => {
    const loss = softmaxCrossEntropy(T.tensor(logits, [8, 5]), T.tensor(labels, [8, 5]));
    assertClose([loss.item()], [reference(logits, labels, 5)], { rtol: 1e-5 });
  });

  it('bookCrossEntropy applies softmax twice, as the book does', () => {
    const probabilities = softmaxRows(logits, 5);
    const book = lossFunction('book')(T.tensor(logits, [8, 5]), T.tensor(labels, [8, 5]));
    assertClose([book.item()], [reference(probabilities, labels, 5)], { rtol: 1e-5 });
    const direct = bookCrossEntropy(T.tensor(probabilities, [8, 5]), T.tensor(labels, [8, 5]));
    assertClose([direct.item()], [book.item()], { rtol: 1e-6 });
    // Logits in [0, 1] pin the loss between log(1 + 4/e) (a perfect fit) and log(e + 4) (a perfectly wrong one).
    expect(book.item()).toBeGreaterThan(Math.log(1 + 4 / Math.E));
    expect(book.item()).toBeLessThan(Math.log(Math.E + 4));
  });

  it('refuses labels that do not match the logits', () => {
    expect(() => softmaxCrossEntropy(T.tensor(logits, [8, 5]), T.tensor(labels.subarray(0, 35), [7, 5]))).toThrow(
      /softmaxCrossEntropy: argument 'labels' expected shape \[8, 5\]/,
    );
    expect(() => lossFunction('mse' as never)).toThrow(T.ValueError);
  });
});
