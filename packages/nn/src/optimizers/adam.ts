import type { Variable } from '@typeflow/autograd';
import {
  AdamMoments,
  add,
  describeValue,
  div,
  mul,
  refuse,
  sqrt,
  square,
  sub,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '@typeflow/tensor';
import { type NamedParameters, Optimizer, type OptimizerState } from './optimizer.js';

export interface AdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/**
 * Adam (Kingma & Ba, 2015, https://arxiv.org/abs/1412.6980) with bias-corrected moments:
 * m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2; p <- p - lr m^ / (sqrt(v^) + eps).
 * Where WebAssembly SIMD runs, a step updates every parameter in one kernel over flat moments
 * (`AdamMoments`), with the same float32 results as the tensor ops of `update` (used elsewhere).
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

  /** The moments of the parameters of the last steps, flat for the fused kernel (null: in the slots). */
  private flat: { moments: AdamMoments; parameters: readonly Variable[] } | null = null;

  override step(parameters: readonly Variable[], grads: readonly Tensor[]): void {
    if (!AdamMoments.available || parameters.length !== grads.length) {
      this.flush();
      super.step(parameters, grads);
      return;
    }
    const same =
      this.flat?.parameters.length === parameters.length && this.flat.parameters.every((p, i) => p === parameters[i]);
    if (!same) this.flatten(parameters);
    this.steps += 1;
    const values = (this.flat as { moments: AdamMoments }).moments.step(
      parameters.map((p) => p.value),
      grads,
      { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, t: this.steps },
    );
    parameters.forEach((p, i) => {
      p.assign(values[i] as Tensor);
    });
  }

  override state(names: NamedParameters): OptimizerState {
    this.flush();
    return super.state(names);
  }

  override loadState(state: OptimizerState, names: NamedParameters): void {
    this.flat = null;
    super.loadState(state, names);
  }

  override dispose(): void {
    this.flat = null;
    super.dispose();
  }

  /** Moves the moments into flat memory for `parameters` (from the slots, else zeros). */
  private flatten(parameters: readonly Variable[]): void {
    this.flush();
    const moments = new AdamMoments(parameters.map((p) => p.shape));
    parameters.forEach((p, i) => {
      const { m, v } = moments.moments(i);
      // A parameter without slots starts from zeros, which the flat memory already holds.
      const slotM = this.peekSlot('m', p);
      const slotV = this.peekSlot('v', p);
      if (slotM !== undefined) m.set(slotM.dataSync() as Float32Array);
      if (slotV !== undefined) v.set(slotV.dataSync() as Float32Array);
    });
    this.flat = { moments, parameters: [...parameters] };
  }

  /** Writes the flat moments back into the slots (for `state`, or before the tensor-op path). */
  private flush(): void {
    if (this.flat === null) return;
    const { moments, parameters } = this.flat;
    parameters.forEach((p, i) => {
      const { m, v } = moments.moments(i);
      this.setSlot('m', p, tensor(m.slice(), p.shape));
      this.setSlot('v', p, tensor(v.slice(), p.shape));
    });
    this.flat = null;
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
