import * as A from '@typeflow/autograd';
import { formatShape, refuse, type Shape, ShapeError, type Tensor } from '@typeflow/tensor';
import type { Layer } from './layer.js';

/** Reshapes each example, e.g. rows of 1296 pixels to images [36, 36, 1] for a convolution. */
export class Reshape implements Layer {
  readonly name = 'reshape';
  readonly differsInTraining = false;
  readonly target: Shape;

  constructor(target: Shape) {
    this.target = [...target];
  }

  forward(x: Tensor): Tensor {
    return A.reshape(x, [x.shape[0] ?? 0, ...this.target]);
  }

  parameters(): A.Variable[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    const size = (s: Shape) => s.reduce((n, d) => n * d, 1);
    if (size(inputShape) !== size(this.target)) {
      refuse(
        ShapeError,
        this.name,
        'input',
        `${size(this.target)} values per example (to make ${formatShape(this.target)})`,
        formatShape(inputShape),
      );
    }
    return this.target;
  }
}
