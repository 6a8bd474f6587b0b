import { formatShape, ones, scope, type Tensor, TypeflowError, zeros } from '@typeflow/tensor';
import { backward } from './backward.js';
import { Tape, withTape } from './tape.js';
import type { Variable } from './variable.js';

/** A function's value and its gradient with respect to each input, in the inputs' order. */
export interface ValueAndGrads {
  readonly value: Tensor;
  readonly grads: Tensor[];
}

/**
 * The vector-Jacobian product: runs `f` on a tape, then propagates `outputGradient` (default 1 for a
 * scalar output) back to each of `inputs`. An input `f` does not use gets a zero gradient. Every
 * intermediate is released; the value and the gradients are the caller's to dispose.
 */
export function vjp(f: () => Tensor, inputs: readonly Tensor[], outputGradient?: Tensor): ValueAndGrads {
  return scope(() => {
    const tape = new Tape();
    for (const x of inputs) tape.watch(x);
    const value = withTape(tape, f);
    const seed = outputGradient ?? scalarSeed(value);
    if (seed.shape.length !== value.shape.length || seed.shape.some((d, i) => d !== value.shape[i])) {
      throw new TypeflowError(
        `vjp: argument 'outputGradient' expected shape ${formatShape(value.shape)} (the output's), got ${formatShape(seed.shape)}`,
        { op: 'vjp', argument: 'outputGradient', expected: formatShape(value.shape), actual: formatShape(seed.shape) },
      );
    }
    const map = backward(tape, value, seed);
    const grads = inputs.map((x) => map.get(x) ?? zeros(x.shape, x.dtype));
    return { value, grads };
  });
}

function scalarSeed(value: Tensor): Tensor {
  if (value.size !== 1) {
    throw new TypeflowError(
      `grad: the function returned shape ${formatShape(value.shape)}; differentiate a scalar, or pass an output gradient of that shape to vjp`,
      { op: 'grad', argument: 'f', expected: 'a scalar output', actual: formatShape(value.shape) },
    );
  }
  return ones(value.shape);
}

/** `valueAndGrad(f)(...args)`: f's value and its gradient with respect to every argument. */
export function valueAndGrad<Args extends Tensor[]>(f: (...args: Args) => Tensor): (...args: Args) => ValueAndGrads {
  return (...args) => vjp(() => f(...args), args);
}

/** `grad(f)(...args)`: the gradient of scalar f with respect to every argument. */
export function grad<Args extends Tensor[]>(f: (...args: Args) => Tensor): (...args: Args) => Tensor[] {
  return (...args) => {
    const { value, grads } = vjp(() => f(...args), args);
    value.dispose();
    return grads;
  };
}

/** The value of scalar `f` and its gradient with respect to each variable, in the given order. */
export function variableGrads(f: () => Tensor, variables: readonly Variable[]): ValueAndGrads {
  return vjp(
    f,
    variables.map((v) => v.value),
  );
}
