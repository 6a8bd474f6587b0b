import * as A from '@typeflow/autograd';
import { describeValue, formatShape, refuse, type Shape, ShapeError, type Tensor, ValueError } from '@typeflow/tensor';
import { type Initializer, zeros } from '../initializers.js';
import type { ForwardOptions, Layer } from './layer.js';

export interface DenseOptions {
  /** Initializer of the weights W [inputs, outputs]. Default zeros. */
  readonly weights?: Initializer;
  /** Initializer of the bias b [outputs]. Default zeros. */
  readonly bias?: Initializer;
  /**
   * Applied to x W + b in the same kernel: 'sigmoid' or 'relu' fuse what a following Sigmoid or
   * ReLU layer would do (one op forward, one gradient rule back). Default 'linear' (none).
   */
  readonly activation?: A.DenseActivation;
  readonly name?: string;
}

const ACTIVATIONS: readonly A.DenseActivation[] = ['linear', 'sigmoid', 'relu'];

/** A fully connected layer: y = activation(x W + b), with W [inputs, outputs] as the book stores it. */
export class Dense implements Layer {
  readonly name: string;
  readonly differsInTraining = false;
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: A.Variable;
  readonly bias: A.Variable;
  readonly activation: A.DenseActivation;

  constructor(inputs: number, outputs: number, options: DenseOptions = {}) {
    for (const [argument, value] of [
      ['inputs', inputs],
      ['outputs', outputs],
    ] as const) {
      if (!Number.isInteger(value) || value <= 0)
        refuse(ValueError, 'Dense', argument, 'a positive integer', describeValue(value));
    }
    const { activation = 'linear' } = options;
    if (!ACTIVATIONS.includes(activation))
      refuse(ValueError, 'Dense', 'activation', `one of ${ACTIVATIONS.join(', ')}`, describeValue(activation));
    this.activation = activation;
    this.name = options.name ?? `dense${inputs}x${outputs}`;
    this.inputs = inputs;
    this.outputs = outputs;
    this.weights = new A.Variable((options.weights ?? zeros())([inputs, outputs]), { name: `${this.name}.W` });
    this.bias = new A.Variable((options.bias ?? zeros())([outputs]), { name: `${this.name}.b` });
  }

  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.inputs) {
      refuse(ShapeError, this.name, 'x', `shape [*, ${this.inputs}]`, formatShape(x.shape));
    }
    const input = options.constantInput?.x === x ? options.constantInput : x;
    return A.dense(input, this.weights.value, this.bias.value, this.activation);
  }

  parameters(): A.Variable[] {
    return [this.weights, this.bias];
  }

  outputShape(inputShape: Shape): Shape {
    if (inputShape.length !== 1 || inputShape[0] !== this.inputs) {
      refuse(ShapeError, this.name, 'input', `${this.inputs} features per example`, formatShape(inputShape));
    }
    return [this.outputs];
  }
}
