import * as A from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import type { ForwardOptions, Layer } from './layer.js';

/**
 * While training, keeps each value with probability `keepProbability` and scales the kept ones by
 * 1 / keepProbability (as `tf.nn.dropout` in the book), so evaluation needs no change: it is the
 * identity then. The mask of step s is drawn from (seed, s), so a resumed run draws the same masks.
 */
export class Dropout implements Layer {
  readonly name = 'dropout';
  readonly keepProbability: number;
  /** True unless it keeps everything (keepProbability 1). */
  readonly differsInTraining: boolean;
  private readonly seed: number;

  constructor(keepProbability: number, options: { readonly seed?: number } = {}) {
    if (!(typeof keepProbability === 'number' && keepProbability > 0 && keepProbability <= 1)) {
      T.refuse(T.ValueError, 'Dropout', 'keepProbability', 'a number in (0, 1]', T.describeValue(keepProbability));
    }
    this.keepProbability = keepProbability;
    this.differsInTraining = keepProbability < 1;
    this.seed = options.seed ?? 0;
  }

  forward(x: T.Tensor, options: ForwardOptions = {}): T.Tensor {
    if (!options.training || this.keepProbability === 1) return x;
    const step = options.step ?? 0;
    const mask = T.scope(() => {
      const u = T.randomUniform(x.shape, { seed: this.seed * 1_000_003 + step });
      return T.div(T.cast(T.greater(this.keepProbability, u), 'float32'), this.keepProbability);
    });
    return A.mul(x, mask);
  }

  parameters(): A.Variable[] {
    return [];
  }

  outputShape(inputShape: T.Shape): T.Shape {
    return inputShape;
  }
}
