/** What a DataError knows about the fault, so callers (the CLI) can print one clear line. */
export interface DataErrorDetails {
  /** The file at fault, or an entry inside one (`data.npz/arr_0.npy`). */
  readonly file?: string;
  /** The argument at fault, e.g. `validFraction`. */
  readonly argument?: string;
  /** What was expected, in words. */
  readonly expected?: string;
  /** What came instead. */
  readonly actual?: string;
}

/** Every fault `@typeflow/data` reports on purpose: a bad file or a bad argument. */
export class DataError extends Error {
  override name = 'DataError';
  readonly details: DataErrorDetails;

  constructor(message: string, details: DataErrorDetails = {}) {
    super(message);
    this.details = details;
  }
}

/** Throws a DataError about a file: `file: fault (expected E, got A)`. */
export function fileFault(file: string, fault: string, expected?: string, actual?: string): never {
  const tail = expected === undefined ? '' : ` (expected ${expected}${actual === undefined ? '' : `, got ${actual}`})`;
  throw new DataError(`${file}: ${fault}${tail}`, { file, expected, actual });
}

/** Throws a DataError about an argument: `fn: argument 'x' expected E, got A`. */
export function argumentFault(fn: string, argument: string, expected: string, actual: string): never {
  throw new DataError(`${fn}: argument '${argument}' expected ${expected}, got ${actual}`, {
    argument,
    expected,
    actual,
  });
}

/** A short description of any value for an error message. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as Uint8Array).length})`;
  if (Array.isArray(value)) return value.length > 8 ? `an array of length ${value.length}` : JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function assertPositiveInteger(value: unknown, fn: string, argument: string): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    argumentFault(fn, argument, 'a positive integer', describe(value));
  }
}

export function assertNonNegativeInteger(value: unknown, fn: string, argument: string): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    argumentFault(fn, argument, 'a non-negative integer', describe(value));
  }
}

/** Seeds are numpy's legacy seeds: integers in 0..2^32-1. */
export function assertSeed(value: unknown, fn: string, argument = 'seed'): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > 0xffffffff) {
    argumentFault(fn, argument, 'an integer seed in 0..2^32-1', describe(value));
  }
}
