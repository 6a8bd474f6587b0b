import { describe, expect, it } from 'vitest';
import { valueScale } from './value-scale.js';

describe('valueScale', () => {
  it('spans the finite values, ignoring NaN and Infinity, and marks them -1', () => {
    const s = valueScale([[2, Number.NaN, 4], new Float32Array([3, Number.POSITIVE_INFINITY])]);
    expect(s.domain).toEqual([2, 4]);
    expect([s.level(2), s.level(3), s.level(4)]).toEqual([0, 128, 255]);
    expect(s.level(Number.NaN)).toBe(-1);
    expect(s.level(Number.NEGATIVE_INFINITY)).toBe(-1);
  });

  it('centres the domain on `center`, so zero weights are the middle colour', () => {
    const s = valueScale([[-0.1, 0.4]], { center: 0 });
    expect(s.domain).toEqual([-0.4, 0.4]);
    expect(s.level(0)).toBe(128);
  });

  it('uses a fixed domain as given and clamps values outside it', () => {
    const s = valueScale([[-5, 300]], { domain: [0, 255] });
    expect(s.domain).toEqual([0, 255]);
    expect([s.level(-5), s.level(300)]).toEqual([0, 255]);
  });

  it('widens a constant or empty input to a usable range', () => {
    expect(valueScale([[7, 7]]).domain).toEqual([6, 8]);
    expect(valueScale([[0, 0]], { center: 0 }).domain).toEqual([-1, 1]);
    expect(valueScale([[Number.NaN]]).domain).toEqual([0, 1]);
  });
});
