import { beforeAll, describe, expect, it } from 'vitest';
import { DTypeError, setBackend, tensor } from '../index.js';
import { BACKENDS } from '../testing.js';
import { greater } from './binary.js';
import { cast, where } from './cast.js';

describe.each(BACKENDS)('cast and where on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it('cast truncates floats toward zero and maps nonzero to true', () => {
    expect(Array.from(cast(tensor([1.7, -1.7]), 'int32').dataSync())).toEqual([1, -1]);
    expect(Array.from(cast(tensor([0, 2]), 'bool').dataSync())).toEqual([0, 1]);
  });

  it('where picks from a or b by a bool condition', () => {
    const x = tensor([-1, 2, -3]);
    expect(Array.from(where(greater(x, 0), x, tensor([0, 0, 0])).dataSync())).toEqual([0, 2, 0]);
    expect(() => where(x, x, x)).toThrow(DTypeError);
  });
});
