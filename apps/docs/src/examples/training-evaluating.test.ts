import { expect, it } from 'vitest';
import { failedClaims } from './claims.js';
import { count, metricValue, metricValues, nodeContext, plotSvg } from './test-context.js';
import trainingAndEvaluating from './training-evaluating.js';

it('learns faster at larger rates and evaluates the last model on the 279 validation glyphs', async () => {
  const result = await trainingAndEvaluating(await nodeContext());
  expect(failedClaims('training-evaluating', metricValues(result))).toEqual([]);
  const [slow, middle, fast] = [0, 1, 2].map((i) => metricValue(result, `validAcc${i}`)) as [number, number, number];
  expect(slow).toBeLessThan(middle);
  expect(middle).toBeLessThan(fast);
  expect(metricValue(result, 'validAcc')).toBeCloseTo(fast, 10); // the confusion matrix agrees with fit's figure
  const wrong = Math.round((1 - fast) * 279);
  expect(result.lines[0]).toBe(`${279 - wrong} of 279 validation glyphs right`);
  expect(count(plotSvg(result, 'mistakes'), /<image /)).toBe(Math.min(10, wrong));
  expect(count(plotSvg(result, 'rates'), /<path [^>]*stroke=/)).toBeGreaterThanOrEqual(3);
  for (const id of ['confusion', 'means', 'weights']) plotSvg(result, id);
});
