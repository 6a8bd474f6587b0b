import { memory } from '@typeflow/tensor';
import { expect, it } from 'vitest';
import { failedClaims } from './claims.js';
import logisticRegression from './logistic-regression.js';
import { count, metricValue, metricValues, nodeContext, plotSvg } from './test-context.js';

it('trains the logistic model well above chance (20%) and draws its curves and five weight maps', async () => {
  const context = await nodeContext();
  await context.dataset();
  const before = memory().numTensors;
  const result = await logisticRegression(context);
  expect(failedClaims('logistic-regression', metricValues(result))).toEqual([]);
  expect(metricValue(result, 'validAcc')).toBeGreaterThan(0.55);
  expect(metricValue(result, 'trainAcc')).toBeGreaterThan(0.6);
  expect(result.metrics.find((m) => m.id === 'backend')?.text).toBe('wasm');
  expect(count(plotSvg(result, 'accuracy'), /class="valid"/)).toBe(1);
  expect(count(plotSvg(result, 'weights'), /<image /)).toBe(5 + 1); // and the colour bar
  expect(memory().numTensors).toBe(before);
});
