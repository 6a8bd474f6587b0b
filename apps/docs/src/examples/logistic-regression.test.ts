import { memory } from '@typeflow/tensor';
import { expect, it } from 'vitest';
import type { Progress } from './example.js';
import logisticRegression from './logistic-regression.js';
import { count, metricValue, nodeContext, plotSvg } from './test-context.js';

it('trains the logistic model well above chance (20%) and draws its curves and five weight maps', async () => {
  const progress: Progress[] = [];
  const context = await nodeContext(progress);
  await context.dataset();
  const before = memory().numTensors;
  const result = await logisticRegression(context);
  expect(metricValue(result, 'validAcc')).toBeGreaterThan(0.55);
  expect(metricValue(result, 'trainAcc')).toBeGreaterThan(0.6);
  expect(result.metrics.find((m) => m.id === 'backend')?.text).toBe('wasm');
  expect(count(plotSvg(result, 'accuracy'), /class="valid"/)).toBe(1);
  expect(count(plotSvg(result, 'weights'), /<image /)).toBe(5 + 1); // and the colour bar
  expect(progress.at(-1)).toEqual({ fraction: 1, message: 'epoch 300 of 300' });
  expect(memory().numTensors).toBe(before);
});
