import { expect, it } from 'vitest';
import convolutionalNetworks from './convolutional-networks.js';
import { count, metricValue, nodeContext, plotSvg } from './test-context.js';

it('trains cnn2 well above chance and draws its 16 filters and their feature maps', async () => {
  const result = await convolutionalNetworks(await nodeContext());
  expect(metricValue(result, 'validAcc')).toBeGreaterThan(0.6);
  expect(metricValue(result, 'parameters')).toBe(
    3 * 3 * 16 + 16 + 3 * 3 * 16 * 4 + 4 + 9 * 9 * 4 * 32 + 32 + 32 * 5 + 5,
  );
  expect(count(plotSvg(result, 'filters'), /filter \d+</)).toBe(16);
  expect(count(plotSvg(result, 'feature-maps'), /filter \d+</)).toBe(16);
  plotSvg(result, 'accuracy');
}, 120_000);
