import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { normalize, oneHot } from './transforms.js';

describe('oneHot', () => {
  it('puts a one at each label in row-major [n, classes] float32', () => {
    expect(Array.from(oneHot(Uint8Array.from([2, 0]), 3))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(oneHot([], 5)).toEqual(new Float32Array(0));
  });

  it('refuses a label outside 0..classes-1, naming its index', () => {
    expect(() => oneHot([0, 5], 5)).toThrow("oneHot: argument 'labels[1]' expected an integer in 0..4, got 5");
    expect(() => oneHot([0.5], 5)).toThrow(DataError);
    expect(() => oneHot([0], 0)).toThrow(/argument 'classes'/);
    expect(() => oneHot('01' as never, 2)).toThrow(/argument 'labels'/);
  });
});

describe('normalize', () => {
  it('divides by 255 into float32', () => {
    expect(Array.from(normalize(Uint8Array.from([0, 51, 255])))).toEqual([0, Math.fround(0.2), 1]);
  });

  it('writes into a target of the same length when given one', () => {
    const target = new Float32Array(3).fill(-1);
    expect(normalize(Uint8Array.from([0, 51, 255]), target)).toBe(target);
    expect(Array.from(target)).toEqual([0, Math.fround(0.2), 1]);
    expect(() => normalize(Uint8Array.from([1, 2]), target)).toThrow(/argument 'target' expected a Float32Array of 2/);
  });

  it('refuses anything but a Uint8Array', () => {
    expect(() => normalize(new Float32Array(2) as never)).toThrow(/argument 'images' expected a Uint8Array/);
  });
});
