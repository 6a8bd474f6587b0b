import { DataError } from '@typeflow/data';
import { TypeflowError } from '@typeflow/tensor';
import { VizError } from '@typeflow/viz';

/** A mistake in what the user asked for: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes: 0 done, 1 the run failed (e.g. diverged, internal error), 2 bad input, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** True for errors that describe bad input (flags, files, shapes): the user can fix them. */
export function isInputError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof TypeflowError ||
    error instanceof DataError ||
    error instanceof VizError
  );
}

/** One line for the terminal: the message without a stack, never more than one line. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
