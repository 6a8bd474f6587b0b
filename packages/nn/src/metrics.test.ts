import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix } from './metrics.js';

describe('metrics', () => {
  it('accuracy is the fraction of matches', () => {
    expect(accuracy([0, 1, 2, 2], [0, 1, 1, 2])).toBe(0.75);
    expect(() => accuracy([0], [0, 1])).toThrow(/expected 1 labels/);
  });

  it('confusionMatrix counts rows = true class, columns = predicted', () => {
    expect(confusionMatrix([0, 1, 1, 2, 0], [0, 1, 2, 2, 1], 3)).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 1, 1],
    ]);
    expect(() => confusionMatrix([0], [3], 3)).toThrow(/classes in 0..2/);
  });
});
