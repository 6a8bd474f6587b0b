import { expect, it } from 'vitest';
import simpleComputations from './simple-computations.js';
import { metricValue, nodeContext } from './test-context.js';

it('computes, multiplies by the identity exactly, and differentiates sum(w^2) to 2w', async () => {
  const result = await simpleComputations(await nodeContext());
  expect(result.lines[0]).toBe('x           = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]');
  expect(result.lines[1]).toBe('2x + 1      = [1, 3, 5, 7, 9, 11, 13, 15, 17, 19]');
  expect(result.lines[2]).toBe('sum(2x + 1) = 100');
  expect(metricValue(result, 'maxError')).toBe(0);
  expect(result.metrics.find((m) => m.id === 'gradient')?.text).toBe('[2, 4, 6]');
});
