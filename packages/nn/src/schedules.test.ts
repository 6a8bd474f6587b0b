import { describe, expect, it } from 'vitest';
import { constantRate, cosineDecay, learningRateSchedule } from './schedules.js';

describe('learning rate schedules', () => {
  it('constant keeps the rate', () => {
    expect([1, 50, 1000].map(constantRate(0.01))).toEqual([0.01, 0.01, 0.01]);
  });

  it('cosine starts at the rate, passes half-way at the middle, ends at the floor', () => {
    const schedule = cosineDecay(0.1, 21, { floor: 0.01 });
    expect(schedule(1)).toBeCloseTo(0.1, 12);
    expect(schedule(11)).toBeCloseTo(0.1 * (0.01 + 0.99 * 0.5), 12);
    expect(schedule(21)).toBeCloseTo(0.001, 12);
    for (let e = 2; e <= 21; e++) expect(schedule(e)).toBeLessThan(schedule(e - 1));
  });

  it('refuses unknown names and bad arguments', () => {
    expect(() => learningRateSchedule('step' as never, 0.1, 10)).toThrow(/'constant' or 'cosine'/);
    expect(() => cosineDecay(0.1, 0)).toThrow(/argument 'epochs' expected a positive integer/);
  });
});
