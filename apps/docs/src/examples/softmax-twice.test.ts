import { expect, it } from 'vitest';
import softmaxTwice from './softmax-twice.js';
import { metricValue, nodeContext, plotSvg } from './test-context.js';

it("shows the book's loss floor, its smaller gradient, and the corrected loss learning far faster", async () => {
  const result = await softmaxTwice(await nodeContext());
  // Softmax outputs lie in [0, 1], so the second softmax's loss cannot go below log(1 + 4/e) with 5 classes.
  expect(metricValue(result, 'bookLossFloor')).toBeCloseTo(Math.log(1 + 4 / Math.E), 3);
  // From zeros every probability is 1/5, and the outer softmax's Jacobian scales the gradient by exactly 1/5.
  expect(metricValue(result, 'startRatio')).toBeCloseTo(0.2, 4);
  expect(metricValue(result, 'softmaxValidAcc')).toBeGreaterThan(metricValue(result, 'bookValidAcc') + 0.15);
  for (const id of ['loss-curves', 'gradient-curves', 'accuracy']) plotSvg(result, id);
});
