import {
  DTypeError,
  describeValue,
  formatShape,
  ones,
  refuse,
  reshape,
  ShapeError,
  scope,
  Tensor,
  TypeflowError,
  zeros,
} from '@typeflow/tensor';
import { backward } from './backward.js';
import { Tape, withTape } from './tape.js';
import { Variable } from './variable.js';

/** A function's value and its gradient with respect to each input, in the inputs' order. */
export interface ValueAndGrads {
  readonly value: Tensor;
  readonly grads: Tensor[];
}

// #region vjp
/**
 * The vector-Jacobian product: runs `f` on a tape, then propagates `outputGradient` (default 1 for a
 * scalar output) back to each of `inputs`. An input `f` does not use gets a zero gradient of its
 * shape. Every intermediate is released; the value and the gradients are new tensors, the caller's
 * to dispose.
 */
export function vjp(f: () => Tensor, inputs: readonly Tensor[], outputGradient?: Tensor): ValueAndGrads {
  checkFunction(f, 'vjp');
  if (!Array.isArray(inputs)) refuse(TypeflowError, 'vjp', 'inputs', 'an array of Tensors', describeValue(inputs));
  for (const [i, x] of inputs.entries()) checkLive(x, 'vjp', `inputs[${i}]`);
  if (outputGradient !== undefined) checkLive(outputGradient, 'vjp', 'outputGradient');
  return scope(() => {
    const tape = new Tape();
    for (const x of inputs) tape.watch(x);
    const value = withTape(tape, f);
    checkOutput(value);
    const seed = outputGradient ?? scalarSeed(value);
    if (seed.rank !== value.rank || seed.shape.some((d, i) => d !== value.shape[i])) {
      refuse(
        ShapeError,
        'vjp',
        'outputGradient',
        `shape ${formatShape(value.shape)} (the output's)`,
        formatShape(seed.shape),
      );
    }
    if (seed.dtype !== 'float32') refuse(DTypeError, 'vjp', 'outputGradient', 'dtype float32', `dtype ${seed.dtype}`);
    const map = backward(tape, value, seed);
    const grads = inputs.map((x) => {
      const g = map.get(x);
      return g === undefined ? zeros(x.shape, x.dtype) : fresh(g);
    });
    return { value: fresh(value), grads };
  });
}
// #endregion vjp

/**
 * A new handle on the same data (a reshape shares it). Rules pass gradients through unchanged (add
 * returns dy), so without this one tensor could be returned for two inputs, or be the caller's own
 * input or outputGradient, and disposing one would dispose the other.
 */
function fresh(t: Tensor): Tensor {
  return reshape(t, t.shape);
}

function scalarSeed(value: Tensor): Tensor {
  if (value.size !== 1) {
    refuse(
      ShapeError,
      'grad',
      'f',
      'a scalar output (or pass an output gradient of the output shape to vjp)',
      `an output of shape ${formatShape(value.shape)}`,
    );
  }
  return ones(value.shape);
}

/** `valueAndGrad(f)(...args)`: f's value and its gradient with respect to every argument. */
export function valueAndGrad<Args extends Tensor[]>(f: (...args: Args) => Tensor): (...args: Args) => ValueAndGrads {
  checkFunction(f, 'valueAndGrad');
  return (...args) => vjp(() => f(...args), args);
}

/** `grad(f)(...args)`: the gradient of scalar f with respect to every argument. */
export function grad<Args extends Tensor[]>(f: (...args: Args) => Tensor): (...args: Args) => Tensor[] {
  checkFunction(f, 'grad');
  return (...args) => {
    const { value, grads } = vjp(() => f(...args), args);
    value.dispose();
    return grads;
  };
}

// #region variableGrads
/** The value of scalar `f` and its gradient with respect to each variable, in the given order. */
export function variableGrads(f: () => Tensor, variables: readonly Variable[]): ValueAndGrads {
  checkFunction(f, 'variableGrads');
  if (!Array.isArray(variables)) {
    refuse(TypeflowError, 'variableGrads', 'variables', 'an array of Variables', describeValue(variables));
  }
  variables.forEach((v, i) => {
    if (!(v instanceof Variable)) {
      refuse(TypeflowError, 'variableGrads', `variables[${i}]`, 'a Variable', describeValue(v));
    }
    if (v.value.isDisposed) {
      refuse(TypeflowError, 'variableGrads', `variables[${i}]`, 'a live Variable', `Variable '${v.name}', disposed`);
    }
  });
  return vjp(
    f,
    variables.map((v) => v.value),
  );
}
// #endregion variableGrads

function checkFunction(f: unknown, op: string): void {
  if (typeof f !== 'function') refuse(TypeflowError, op, 'f', 'a function returning a Tensor', describeValue(f));
}

function checkLive(x: unknown, op: string, argument: string): void {
  if (!(x instanceof Tensor)) refuse(TypeflowError, op, argument, 'a Tensor', describeValue(x));
  if (x.isDisposed) refuse(TypeflowError, op, argument, 'a live Tensor', 'a disposed Tensor');
}

function checkOutput(value: unknown): asserts value is Tensor {
  if (value instanceof Promise) {
    refuse(TypeflowError, 'grad', 'f', 'a synchronous function (never await inside f)', 'an async function');
  }
  if (!(value instanceof Tensor))
    refuse(TypeflowError, 'grad', 'f', 'a function returning a Tensor', `one returning ${describeValue(value)}`);
}
