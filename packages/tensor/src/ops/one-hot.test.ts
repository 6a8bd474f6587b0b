import { beforeAll, describe, expect, it } from 'vitest';
import { DTypeError, setBackend, tensor, ValueError } from '../index.js';
import { BACKENDS } from '../testing.js';
import { oneHot } from './one-hot.js';

describe.each(BACKENDS)('oneHot on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it('puts a one at each label in float32 rows', () => {
    const out = oneHot(tensor([2, 0, 4], [3], 'int32'), 5);
    expect(out.dtype).toBe('float32');
    expect(out.toArray()).toEqual([
      [0, 0, 1, 0, 0],
      [1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
    ]);
  });

  it('refuses float labels and a non-positive depth', () => {
    expect(() => oneHot(tensor([1]), 3)).toThrow(DTypeError);
    expect(() => oneHot(tensor([1], [1], 'int32'), 0)).toThrow(ValueError);
  });
});
