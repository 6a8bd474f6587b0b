import type { Variable } from '@typeflow/autograd';
import {
  describeValue,
  dispose,
  formatShape,
  keep,
  refuse,
  ShapeError,
  scope,
  type Tensor,
  tensor,
  ValueError,
} from '@typeflow/tensor';

/** An optimizer's state as plain arrays, for checkpoints that resume a run exactly. */
export interface OptimizerState {
  readonly name: string;
  /** Steps taken so far. */
  readonly steps: number;
  /** Each slot (e.g. `m/W1`: kind, then the parameter's name) as float32 values with its shape. */
  readonly slots: Record<string, { readonly shape: number[]; readonly data: Float32Array }>;
}

/** Parameters under unique names (e.g. `Sequential.namedParameters()`: the book's W1, b1, ...). */
export type NamedParameters = ReadonlyMap<string, Variable>;

function checkRate(learningRate: number): number {
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
    refuse(ValueError, 'optimizer', 'learningRate', 'a positive finite number', describeValue(learningRate));
  }
  return learningRate;
}

/**
 * Updates parameters from their gradients. Subclasses say how; this base keeps each parameter's
 * slots (momentum, moments) alive across steps, keyed by the Variable itself: two parameters never
 * share state, whatever their names.
 */
export abstract class Optimizer {
  abstract readonly name: string;
  private rate: number;
  protected steps = 0;
  private readonly slots = new Map<Variable, Map<string, Tensor>>();

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
    const slots = this.slotsOf(parameter);
    let value = slots.get(kind);
    if (value === undefined) {
      value = keep(initial());
      slots.set(kind, value);
    }
    return value;
  }

  /** The slot's value if it has one (never creates it). */
  protected peekSlot(kind: string, parameter: Variable): Tensor | undefined {
    return this.slots.get(parameter)?.get(kind);
  }

  protected setSlot(kind: string, parameter: Variable, value: Tensor): void {
    const slots = this.slotsOf(parameter);
    const previous = slots.get(kind);
    slots.set(kind, keep(value));
    if (previous !== undefined && previous !== value) previous.dispose();
  }

  /** The state, each slot under `kind/name` with the parameter's name in `names`. */
  state(names: NamedParameters): OptimizerState {
    const nameOf = new Map([...names].map(([name, variable]) => [variable, name]));
    const slots: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const [variable, kinds] of this.slots) {
      const name = nameOf.get(variable);
      if (name === undefined) {
        refuse(ValueError, this.name, 'names', 'a name for every parameter this optimizer updated', 'none for one');
      }
      for (const [kind, value] of kinds)
        slots[`${kind}/${name}`] = { shape: [...value.shape], data: value.dataSync() as Float32Array };
    }
    return { name: this.name, steps: this.steps, slots };
  }

  /** Continues from `state` (from `state(names)`), its slots given to the parameters of the same names. */
  loadState(state: OptimizerState, names: NamedParameters): void {
    if (state.name !== this.name)
      refuse(ValueError, this.name, 'state', `the state of a ${this.name} optimizer`, `a ${state.name} state`);
    const loaded = Object.entries(state.slots).map(([key, { shape, data }]) => {
      const slash = key.indexOf('/');
      const variable = names.get(key.slice(slash + 1));
      if (slash < 0 || variable === undefined) {
        refuse(
          ValueError,
          this.name,
          'state',
          `slots named kind/parameter, with parameters ${[...names.keys()].join(', ')}`,
          `'${key}'`,
        );
      }
      if (shape.length !== variable.shape.length || shape.some((d, i) => d !== variable.shape[i])) {
        refuse(
          ShapeError,
          this.name,
          'state',
          `slot '${key}' of shape ${formatShape(variable.shape)}`,
          formatShape(shape),
        );
      }
      return { variable, kind: key.slice(0, slash), data, shape };
    });
    this.dispose();
    this.steps = state.steps;
    for (const { variable, kind, data, shape } of loaded) this.slotsOf(variable).set(kind, keep(tensor(data, shape)));
  }

  dispose(): void {
    for (const kinds of this.slots.values()) dispose([...kinds.values()]);
    this.slots.clear();
  }

  private slotsOf(parameter: Variable): Map<string, Tensor> {
    let slots = this.slots.get(parameter);
    if (slots === undefined) {
      slots = new Map();
      this.slots.set(parameter, slots);
    }
    return slots;
  }
}
