import { expect, it } from 'vitest';
import { failedClaims } from './claims.js';
import convolutionalNetworks from './convolutional-networks.js';
import { count, metricValue, metricValues, nodeContext, plotSvg } from './test-context.js';

it('trains cnn2 well above chance and draws its 16 filters and their feature maps', async () => {
  const result = await convolutionalNetworks(await nodeContext());
  expect(failedClaims('convolutional-networks', metricValues(result))).toEqual([]);
  expect(metricValue(result, 'validAcc')).toBeGreaterThan(0.6);
  expect(metricValue(result, 'parameters')).toBe(
    3 * 3 * 16 + 16 + 3 * 3 * 16 * 4 + 4 + 9 * 9 * 4 * 32 + 32 + 32 * 5 + 5,
  );
  expect(count(plotSvg(result, 'filters'), /<image /)).toBe(16 + 1); // and the colour bar
  expect(count(plotSvg(result, 'feature-maps'), /<image /)).toBe(16); // each on its own scale: no bar
  plotSvg(result, 'accuracy');
}, 120_000);
