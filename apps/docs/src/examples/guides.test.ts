import { expect, it } from 'vitest';
import { failedClaims } from './claims.js';
import autogradGuide from './guide-autograd.js';
import dataGuide from './guide-data.js';
import nnGuide from './guide-nn.js';
import tensorGuide from './guide-tensor.js';
import vizGuide from './guide-viz.js';
import { metricValue, metricValues, nodeContext, plotSvg } from './test-context.js';

it('tensor guide: computes, broadcasts, reproduces seeds, names the shape error and leaks nothing', async () => {
  const result = await tensorGuide(await nodeContext());
  const sigmoid = (z: number) => (1 / (1 + Math.exp(-z))).toFixed(4);
  expect(result.lines[0]).toBe(`sigmoid(x w) = [${sigmoid(1.4)}, ${sigmoid(3.2)}]`); // x w = [1.4, 3.2]
  expect(result.lines[1]).toBe('x * [1, 10, 100] = [[1,20,300],[4,50,600]]');
  expect(result.lines[2]).toBe('sum over axis 0 = [5,7,9], argmax of each row = 2,2');
  expect(result.lines[3]).toContain('softmax row sums: 1.000000,1.000000');
  expect(result.lines[4]).toMatch(/^ShapeError: matmul: /);
  expect(metricValue(result, 'same')).toBe(1);
  expect(metricValue(result, 'left')).toBe(0);
});

it('autograd guide: differentiates sum(3x^2) to 6x and fits w = 3, b = 2', async () => {
  const result = await autogradGuide(await nodeContext());
  expect(result.lines[0]).toBe('grad of sum(3 x^2) at [1, -2, 0.5] = [6,-12,3]');
  expect(metricValue(result, 'w')).toBeCloseTo(3, 3);
  expect(metricValue(result, 'b')).toBeCloseTo(2, 3);
  plotSvg(result, 'loss');
});

it('nn guide: a model of your own learns well above chance', async () => {
  const result = await nnGuide(await nodeContext());
  expect(metricValue(result, 'validAcc')).toBeGreaterThan(0.55);
  expect(failedClaims('guide-nn', metricValues(result))).toEqual([]);
  expect(result.metrics.find((m) => m.id === 'parameters')?.text).toBe('83,333');
  expect(result.metrics.find((m) => m.id === 'parameterNames')?.text).toBe('W1, b1, W2, b2');
  expect(result.lines[0]).toMatch(/^1296 -> 64 ReLU -> 5: 83,333 parameters in W1, b1, W2, b2; \d+\.\d% validation$/);
  plotSvg(result, 'accuracy');
  plotSvg(result, 'confusion');
});

it("data guide: the book's split sizes and a montage of every font", async () => {
  const result = await dataGuide(await nodeContext());
  expect(metricValue(result, 'train')).toBe(2511);
  expect(metricValue(result, 'valid')).toBe(279);
  expect(result.lines[4]).toMatch(/^npz round trip: \d+ bytes, shape \[2790\], dtype uint8$/);
  plotSvg(result, 'montage');
});

it('viz guide: one plot of each kind', async () => {
  const result = await vizGuide(await nodeContext());
  for (const id of ['accuracy', 'heatmap', 'grid', 'lines']) plotSvg(result, id);
});
