import * as A from '@typeflow/autograd';
import type { Shape, Tensor } from '@typeflow/tensor';
import type { Layer } from './layer.js';

/** A layer with no parameters that maps each element (or each row) and keeps the shape. */
abstract class Activation implements Layer {
  abstract readonly name: string;
  readonly differsInTraining = false;
  abstract forward(x: Tensor): Tensor;

  parameters(): A.Variable[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

/** 1 / (1 + e^-x), the book's hidden-layer activation. */
export class Sigmoid extends Activation {
  readonly name = 'sigmoid';
  forward(x: Tensor): Tensor {
    return A.sigmoid(x);
  }
}

/** max(x, 0). */
export class ReLU extends Activation {
  readonly name = 'relu';
  forward(x: Tensor): Tensor {
    return A.relu(x);
  }
}

/** Softmax over the last axis: turns logits into class probabilities. */
export class Softmax extends Activation {
  readonly name = 'softmax';
  forward(x: Tensor): Tensor {
    return A.softmax(x);
  }
}
