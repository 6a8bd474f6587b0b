import { expect, it } from 'vitest';
import { failedClaims } from './claims.js';
import multipleLayers from './multiple-layers.js';
import { metricValue, metricValues, nodeContext, plotSvg } from './test-context.js';

it('trains the two-hidden-layer model well above chance and draws its 32 x 5 output weights', async () => {
  const result = await multipleLayers(await nodeContext());
  expect(failedClaims('multiple-layers', metricValues(result))).toEqual([]);
  expect(metricValue(result, 'validAcc')).toBeGreaterThan(0.55);
  expect(metricValue(result, 'parameters')).toBe(1296 * 128 + 128 + 128 * 32 + 32 + 32 * 5 + 5);
  expect(plotSvg(result, 'output-weights')).toContain('Output weights (W3)');
  plotSvg(result, 'accuracy');
});
