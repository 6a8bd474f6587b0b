import type { Variable } from '@typeflow/autograd';
import { dispose, keep, refuse, scope, type Tensor, tensor, ValueError } from '@typeflow/tensor';

/** An optimizer's state as plain arrays, for checkpoints that resume a run exactly. */
export interface OptimizerState {
  readonly name: string;
  /** Steps taken so far. */
  readonly steps: number;
  /** Each slot (e.g. `m/W1`) as float32 values with its shape. */
  readonly slots: Record<string, { readonly shape: number[]; readonly data: Float32Array }>;
}

function checkRate(learningRate: number): number {
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
    refuse(ValueError, 'optimizer', 'learningRate', 'a positive finite number', String(learningRate));
  }
  return learningRate;
}

/**
 * Updates parameters from their gradients. Subclasses say how; this base keeps per-parameter slots
 * (momentum, moments) alive across steps and serializes them.
 */
export abstract class Optimizer {
  abstract readonly name: string;
  private rate: number;
  protected steps = 0;
  private readonly slotTensors = new Map<string, Tensor>();

  constructor(learningRate: number) {
    this.rate = checkRate(learningRate);
  }

  get learningRate(): number {
    return this.rate;
  }

  /** Changes the learning rate for the next steps (a schedule calls this between epochs). */
  setLearningRate(learningRate: number): void {
    this.rate = checkRate(learningRate);
  }

  /** Applies one update to every parameter, releasing every intermediate. */
  step(parameters: readonly Variable[], grads: readonly Tensor[]): void {
    if (parameters.length !== grads.length) {
      refuse(ValueError, this.name, 'grads', `${parameters.length} gradients, one per parameter`, String(grads.length));
    }
    this.steps += 1;
    scope(() => {
      parameters.forEach((p, i) => {
        p.assign(this.update(p, grads[i] as Tensor));
      });
    });
  }

  /** The parameter's next value. Runs inside a scope; use `slot`/`setSlot` for state. */
  protected abstract update(parameter: Variable, grad: Tensor): Tensor;

  protected slot(kind: string, parameter: Variable, initial: () => Tensor): Tensor {
    const key = `${kind}/${parameter.name}`;
    let value = this.slotTensors.get(key);
    if (value === undefined) {
      value = keep(initial());
      this.slotTensors.set(key, value);
    }
    return value;
  }

  protected setSlot(kind: string, parameter: Variable, value: Tensor): void {
    const key = `${kind}/${parameter.name}`;
    const previous = this.slotTensors.get(key);
    this.slotTensors.set(key, keep(value));
    if (previous !== undefined && previous !== value) previous.dispose();
  }

  state(): OptimizerState {
    const slots: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const [key, value] of this.slotTensors)
      slots[key] = { shape: [...value.shape], data: value.dataSync() as Float32Array };
    return { name: this.name, steps: this.steps, slots };
  }

  loadState(state: OptimizerState): void {
    if (state.name !== this.name)
      refuse(ValueError, this.name, 'state', `the state of a ${this.name} optimizer`, `a ${state.name} state`);
    this.dispose();
    this.steps = state.steps;
    for (const [key, { shape, data }] of Object.entries(state.slots))
      this.slotTensors.set(key, keep(tensor(data, shape)));
  }

  dispose(): void {
    dispose([...this.slotTensors.values()]);
    this.slotTensors.clear();
  }
}
