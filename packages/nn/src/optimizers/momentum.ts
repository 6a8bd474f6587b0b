import type { Variable } from '@typeflow/autograd';
import { add, describeValue, mul, refuse, sub, type Tensor, ValueError, zeros } from '@typeflow/tensor';
import { Optimizer } from './optimizer.js';

/** Gradient descent with momentum, as TensorFlow's MomentumOptimizer: v <- mu v + g; p <- p - lr v. */
export class Momentum extends Optimizer {
  readonly name = 'momentum';
  readonly momentum: number;

  constructor(learningRate: number, options: { readonly momentum?: number } = {}) {
    super(learningRate);
    const { momentum = 0.9 } = options;
    if (!(momentum >= 0 && momentum < 1))
      refuse(ValueError, 'Momentum', 'momentum', 'a number in [0, 1)', describeValue(momentum));
    this.momentum = momentum;
  }

  protected update(parameter: Variable, grad: Tensor): Tensor {
    const velocity = add(
      mul(
        this.slot('v', parameter, () => zeros(parameter.shape)),
        this.momentum,
      ),
      grad,
    );
    this.setSlot('v', parameter, velocity);
    return sub(parameter.value, mul(velocity, this.learningRate));
  }
}
