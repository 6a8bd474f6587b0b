import { type ErrorDetails, formatShape, Tensor, type TypeflowError } from '@typeflow/tensor';

type ErrorClass = new (message: string, details: ErrorDetails) => TypeflowError;

/** Throws `Kind` with the message every typeflow argument error uses: `op: argument 'x' expected E, got A`. */
export function refuseArgument(
  Kind: ErrorClass,
  op: string,
  argument: string,
  expected: string,
  actual: string,
): never {
  throw new Kind(`${op}: argument '${argument}' expected ${expected}, got ${actual}`, {
    op,
    argument,
    expected,
    actual,
  });
}

/** A short description of any value for an error message. */
export function describe(value: unknown): string {
  if (value instanceof Tensor)
    return `Tensor${formatShape(value.shape)} ${value.dtype}${value.isDisposed ? ' (disposed)' : ''}`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return `${typeof value} ${String(value)}`;
}
