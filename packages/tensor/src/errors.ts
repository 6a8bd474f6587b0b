/** What a typed error knows about the fault, so callers (the CLI) can print one clear line. */
export interface ErrorDetails {
  /** The operation or function that refused its input, e.g. `matmul`. */
  readonly op?: string;
  /** The argument at fault, e.g. `b`. */
  readonly argument?: string;
  /** What was expected, in words or as a shape, e.g. `[3, *]`. */
  readonly expected?: string;
  /** What came instead. */
  readonly actual?: string;
}

/** The base class of every error typeflow throws on purpose. */
export class TypeflowError extends Error {
  override name = 'TypeflowError';
  readonly details: ErrorDetails;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message);
    this.details = details;
  }
}

/** A tensor of the wrong shape or rank. */
export class ShapeError extends TypeflowError {
  override name = 'ShapeError';
}

/** A tensor of the wrong dtype. */
export class DTypeError extends TypeflowError {
  override name = 'DTypeError';
}

/** A value outside its allowed range (an axis, a probability, a size). */
export class ValueError extends TypeflowError {
  override name = 'ValueError';
}

/** A backend that is unknown, not ready, or failed to load. */
export class BackendError extends TypeflowError {
  override name = 'BackendError';
}

/**
 * A fault of typeflow itself, not of its input: a worker thread that crashed, a state the code should
 * never reach. Deliberately not a TypeflowError, so callers that sort errors into "bad input" and
 * "failed" (the CLI: exit code 2 or 1) count it as a failure to report.
 */
export class InternalError extends Error {
  override name = 'InternalError';
}

/** Builds the one-line message every argument error uses: `op: argument 'x' expected E, got A`. */
export function argumentMessage(op: string, argument: string, expected: string, actual: string): string {
  return `${op}: argument '${argument}' expected ${expected}, got ${actual}`;
}

type ErrorClass = new (message: string, details: ErrorDetails) => TypeflowError;

/** Throws `Kind` with the standard message and details. */
export function refuse(Kind: ErrorClass, op: string, argument: string, expected: string, actual: string): never {
  throw new Kind(argumentMessage(op, argument, expected, actual), { op, argument, expected, actual });
}
