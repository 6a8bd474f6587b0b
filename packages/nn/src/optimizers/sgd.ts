import type { Variable } from '@typeflow/autograd';
import { mul, sub, type Tensor } from '@typeflow/tensor';
import { Optimizer } from './optimizer.js';

/** Plain gradient descent, as the book trains: p <- p - lr * g. */
export class SGD extends Optimizer {
  readonly name = 'sgd';

  protected update(parameter: Variable, grad: Tensor): Tensor {
    return sub(parameter.value, mul(grad, this.learningRate));
  }
}
