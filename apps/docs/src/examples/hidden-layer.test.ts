import { expect, it } from 'vitest';
import { failedClaims } from './claims.js';
import hiddenLayer from './hidden-layer.js';
import { count, metricValue, metricValues, nodeContext, plotSvg } from './test-context.js';

it('trains the hidden-layer model well above chance and draws 32 first-layer weight pictures', async () => {
  const result = await hiddenLayer(await nodeContext());
  expect(failedClaims('hidden-layer', metricValues(result))).toEqual([]);
  expect(metricValue(result, 'validAcc')).toBeGreaterThan(0.55);
  expect(count(plotSvg(result, 'weights'), /<image /)).toBe(32 + 1); // and the colour bar
  expect(plotSvg(result, 'confusion')).toContain('predicted font');
  plotSvg(result, 'accuracy');
});
