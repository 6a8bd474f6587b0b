import * as A from '@typeflow/autograd';
import type { Shape, Tensor } from '@typeflow/tensor';
import type { Layer } from './layer.js';

/** Reshapes each example to one row: [batch, ...dims] -> [batch, product of dims]. */
export class Flatten implements Layer {
  readonly name = 'flatten';
  readonly differsInTraining = false;

  forward(x: Tensor): Tensor {
    return A.reshape(x, [x.shape[0] ?? 0, -1]);
  }

  parameters(): A.Variable[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    return [inputShape.reduce((n, d) => n * d, 1)];
  }
}
