/** What a VizError knows about the fault, so a caller (the CLI) can print one clear line. */
export interface VizErrorDetails {
  /** The argument at fault, e.g. `matrix` or `options.width`. */
  readonly argument?: string;
  /** What was expected, in words. */
  readonly expected?: string;
  /** What came instead. */
  readonly actual?: string;
}

/** The one error class this package throws on purpose: bad input to a plotting function. */
export class VizError extends Error {
  override name = 'VizError';
  readonly details: VizErrorDetails;

  constructor(message: string, details: VizErrorDetails = {}) {
    super(message);
    this.details = details;
  }
}

/** Throws the standard one-line VizError: `fn: argument 'x' expected E, got A`. */
export function refuse(fn: string, argument: string, expected: string, actual: string): never {
  throw new VizError(`${fn}: argument '${argument}' expected ${expected}, got ${actual}`, {
    argument,
    expected,
    actual,
  });
}
