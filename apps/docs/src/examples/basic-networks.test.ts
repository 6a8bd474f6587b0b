import { expect, it } from 'vitest';
import basicNetworks from './basic-networks.js';
import { failedClaims } from './claims.js';
import { count, metricValue, metricValues, nodeContext, plotSvg } from './test-context.js';

it('plots the three functions and their derivatives, and trains one neuron to tell two fonts apart', async () => {
  const result = await basicNetworks(await nodeContext());
  expect(failedClaims('basic-networks', metricValues(result))).toEqual([]);
  // From zeros the neuron says p = 0.5 for every glyph: a loss of ln 2. Training must go well below.
  expect(metricValue(result, 'finalLoss')).toBeLessThan(Math.log(2) / 2);
  expect(metricValue(result, 'validAcc')).toBeGreaterThan(0.8);
  for (const id of ['functions', 'derivatives']) {
    expect(count(plotSvg(result, id), /<path [^>]*stroke="#/)).toBe(3); // square, log, sigmoid
  }
  expect(plotSvg(result, 'derivatives')).not.toContain('>f(x)<'); // the axis says what it shows
  expect(count(plotSvg(result, 'neuron'), /<image /)).toBe(1 + 1); // and the colour bar
  plotSvg(result, 'loss');
});
