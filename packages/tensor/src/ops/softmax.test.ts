import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, tensor, ValueError } from '../index.js';
import { assertClose, BACKENDS, randomValues } from '../testing.js';
import { logSoftmax, softmax } from './softmax.js';

function referenceLogSoftmax(row: number[]): number[] {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
}

function rows(x: Float32Array, width: number): number[][] {
  return Array.from({ length: x.length / width }, (_, i) => Array.from(x.subarray(i * width, (i + 1) * width)));
}

describe.each(BACKENDS)('softmax on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  const x = randomValues(20, 8, -5, 5);

  it('softmax and logSoftmax match float64 along the last axis', () => {
    const expectedLog = rows(x, 5).flatMap(referenceLogSoftmax);
    assertClose(logSoftmax(tensor(x, [4, 5])).dataSync(), expectedLog, { rtol: 1e-5, atol: 1e-6 });
    assertClose(softmax(tensor(x, [4, 5])).dataSync(), expectedLog.map(Math.exp), { rtol: 1e-5, atol: 1e-7 });
  });

  it('is stable for large logits', () => {
    const out = softmax(
      tensor([
        [1000, 1000],
        [-1000, 0],
      ]),
    ).dataSync();
    assertClose(out, [0.5, 0.5, 0, 1]);
    expect(Array.from(logSoftmax(tensor([[1000, 0]])).dataSync()).every(Number.isFinite)).toBe(true);
  });

  it('refuses an axis other than the last', () => {
    expect(() => softmax(tensor(x, [4, 5]), 0)).toThrow(ValueError);
  });
});
