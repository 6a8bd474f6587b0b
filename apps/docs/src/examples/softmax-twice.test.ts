import { expect, it } from 'vitest';
import { failedClaims } from './claims.js';
import softmaxTwice from './softmax-twice.js';
import { metricValue, metricValues, nodeContext, plotSvg } from './test-context.js';

it("shows the book's loss floor, its smaller gradient, and the corrected loss learning far faster", async () => {
  const result = await softmaxTwice(await nodeContext());
  expect(failedClaims('softmax-twice', metricValues(result))).toEqual([]);
  // Softmax outputs lie in [0, 1], so the second softmax's loss cannot go below log(1 + 4/e) with 5 classes.
  expect(metricValue(result, 'bookLossFloor')).toBeCloseTo(Math.log(1 + 4 / Math.E), 3);
  // From zeros every probability is 1/5, and the outer softmax's Jacobian scales the gradient by exactly 1/5.
  expect(metricValue(result, 'startRatio')).toBeCloseTo(0.2, 4);
  expect(metricValue(result, 'softmaxValidAcc')).toBeGreaterThan(metricValue(result, 'bookValidAcc') + 0.15);
  // The book's loss keeps its colour in all three plots (a series' colour follows its name).
  const bookColour = (id: string) =>
    plotSvg(result, id).match(/stroke="(#[0-9a-f]+)"[^>]*\/>\n<text[^>]*>book[^<]*s loss/)?.[1];
  const colours = ['loss-curves', 'gradient-curves', 'accuracy'].map(bookColour);
  expect(colours[0]).toMatch(/^#/);
  expect(new Set(colours).size).toBe(1);
});
