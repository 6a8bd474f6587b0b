import { DataError } from '@typeflow/data';
import { InternalError, TypeflowError } from '@typeflow/tensor';
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

/**
 * What the CLI prints and returns for an error that ended a command: bad input exits 2 with its
 * message; an InternalError (a fault of typeflow itself, such as a crashed worker thread) and anything
 * else unexpected exit 1, asking for a report, with the stack when `debug` (TYPEFLOW_DEBUG) is set.
 */
export function failureReport(error: unknown, debug: boolean): { code: number; text: string } {
  if (isInputError(error) && !(error instanceof InternalError))
    return { code: EXIT.usage, text: `typeflow: ${oneLine(error)}\n` };
  const details = debug ? `\n${(error as Error).stack}` : ' (set TYPEFLOW_DEBUG=1 for details)';
  return {
    code: EXIT.failed,
    text: `typeflow: internal error: ${oneLine(error)}; this is a bug in typeflow, please report it${details}\n`,
  };
}

/** One line for the terminal: the message without a stack, never more than one line. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
