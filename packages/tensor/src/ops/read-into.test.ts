import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, tensor, ValueError, zeros } from '../index.js';
import { BACKENDS, randomValues } from '../testing.js';
import { readInto, tensorFrom } from './read-into.js';

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

describe.each(BACKENDS)('tensorFrom on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it('makes a tensor whose values the callback wrote, starting from zeros, that other tensors do not share', () => {
    const other = zeros([2, 3]);
    const x = tensorFrom([2, 3], (values) => {
      expect(Array.from(values)).toEqual([0, 0, 0, 0, 0, 0]);
      values.forEach((_, i) => {
        values[i] = i / 7;
      });
    });
    expect(x.shape).toEqual([2, 3]);
    expect(Array.from(x.dataSync())).toEqual(Array.from(Float32Array.from([0, 1, 2, 3, 4, 5], (i) => i / 7)));
    expect(Array.from(other.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(zeros([2, 3]).dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('refuses a bad shape or callback, and passes on what the callback throws', () => {
    expect(() => tensorFrom([2, 3], 'no' as never)).toThrow(ValueError);
    expect(() => tensorFrom([-1], () => {})).toThrow();
    expect(() =>
      tensorFrom([2], () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
  });
});
