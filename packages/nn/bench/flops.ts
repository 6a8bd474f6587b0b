import { Conv2D } from '../src/layers/conv2d.js';
import { Dense } from '../src/layers/dense.js';
import type { Sequential } from '../src/layers/sequential.js';

/**
 * Multiply-add FLOPs (2 per multiply-add) of one training step on `count` examples: each weighted
 * layer's forward product, its weight gradient (the same size) and, except for the first weighted
 * layer (whose input is data, not differentiated), its input gradient (the same size again).
 * Elementwise work (activations, bias, loss) is left out: it is under 2% for these models.
 */
export function trainingFlops(model: Sequential, count: number): number {
  let shape = model.inputShape;
  let total = 0;
  let first = true;
  for (const layer of model.layers) {
    const out = layer.outputShape(shape);
    let forward = 0;
    if (layer instanceof Dense) forward = 2 * count * layer.inputs * layer.outputs;
    if (layer instanceof Conv2D) {
      const [kh, kw, cin, cout] = layer.weights.shape as [number, number, number, number];
      forward = 2 * count * (out[0] as number) * (out[1] as number) * kh * kw * cin * cout;
    }
    if (forward > 0) {
      total += forward * (first ? 2 : 3);
      first = false;
    }
    shape = out;
  }
  return total;
}
