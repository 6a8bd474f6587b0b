import type { Variable } from '@typeflow/autograd';
import {
  add,
  describeValue,
  div,
  mul,
  refuse,
  sqrt,
  square,
  sub,
  type Tensor,
  ValueError,
  zeros,
} from '@typeflow/tensor';
import { Optimizer } from './optimizer.js';

export interface AdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/**
 * Adam (Kingma & Ba, 2015, https://arxiv.org/abs/1412.6980) with bias-corrected moments:
 * m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2; p <- p - lr m^ / (sqrt(v^) + eps).
 */
export class Adam extends Optimizer {
  readonly name = 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(learningRate = 0.001, options: AdamOptions = {}) {
    super(learningRate);
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
    for (const [argument, value] of [
      ['beta1', beta1],
      ['beta2', beta2],
    ] as const) {
      if (!(value >= 0 && value < 1)) refuse(ValueError, 'Adam', argument, 'a number in [0, 1)', describeValue(value));
    }
    if (!(epsilon > 0)) refuse(ValueError, 'Adam', 'epsilon', 'a positive number', describeValue(epsilon));
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  protected update(parameter: Variable, grad: Tensor): Tensor {
    const m = add(
      mul(
        this.slot('m', parameter, () => zeros(parameter.shape)),
        this.beta1,
      ),
      mul(grad, 1 - this.beta1),
    );
    const v = add(
      mul(
        this.slot('v', parameter, () => zeros(parameter.shape)),
        this.beta2,
      ),
      mul(square(grad), 1 - this.beta2),
    );
    this.setSlot('m', parameter, m);
    this.setSlot('v', parameter, v);
    const mHat = div(m, 1 - this.beta1 ** this.steps);
    const vHat = div(v, 1 - this.beta2 ** this.steps);
    return sub(parameter.value, mul(div(mHat, add(sqrt(vHat), this.epsilon)), this.learningRate));
  }
}
