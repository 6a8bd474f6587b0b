import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, tensor, ValueError } from '../index.js';
import { BACKENDS, randomValues } from '../testing.js';
import { readInto } from './read-into.js';

describe.each(BACKENDS)('readInto on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it('copies the values into the target at the offset and leaves the rest', () => {
    const values = randomValues(6, 3);
    const target = new Float32Array(10).fill(-1);
    readInto(tensor(values, [2, 3]), target, 2);
    expect(Array.from(target)).toEqual([-1, -1, ...Array.from(values), -1, -1]);
  });

  it('is a copy: later writes to the target do not change the tensor', () => {
    const x = tensor([1, 2, 3]);
    const target = new Float32Array(3);
    readInto(x, target);
    target.fill(0);
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3]);
  });

  it('refuses a target too short for the offset, naming the argument', () => {
    expect(() => readInto(tensor([1, 2, 3]), new Float32Array(4), 2)).toThrow(
      "readInto: argument 'offset' expected an offset in 0..1, got 2",
    );
    expect(() => readInto(tensor([1, 2]), [0, 0] as unknown as Float32Array)).toThrow(ValueError);
  });
});
