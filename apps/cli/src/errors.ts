import { DataError } from '@typeflow/data';
import { InternalError, TypeflowError } from '@typeflow/tensor';
import { VizError } from '@typeflow/viz';

/** A mistake in what the user asked for: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The machine ran out of something a command needs (disk space, memory): one line naming it, exit 1. */
export class ResourceError extends Error {
  override name = 'ResourceError';
}

/**
 * Exit codes: 0 done, 1 the run failed (diverged, out of a resource, internal error), 2 bad input,
 * 130 interrupted (SIGINT, Ctrl-C), 143 terminated (SIGTERM): 128 + the signal's number, as a shell reports it.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

/** The exit code of a run stopped by `signal`. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}

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
 * What the CLI prints and returns for an error that ended a command: a resource that ran out (disk,
 * memory) exits 1 naming it; bad input exits 2 with its message; an InternalError (a fault of typeflow itself, such as a crashed worker thread) and anything
 * else unexpected exit 1, asking for a report, with the stack when `debug` (TYPEFLOW_DEBUG) is set.
 */
export function failureReport(error: unknown, debug: boolean): { code: number; text: string } {
  const exhausted = resourceFault(error);
  if (exhausted !== undefined) return { code: EXIT.failed, text: `typeflow: ${exhausted}\n` };
  if (isInputError(error) && !(error instanceof InternalError))
    return { code: EXIT.usage, text: `typeflow: ${oneLine(error)}\n` };
  const details = debug ? `\n${(error as Error).stack}` : ' (set TYPEFLOW_DEBUG=1 for details)';
  return {
    code: EXIT.failed,
    text: `typeflow: internal error: ${oneLine(error)}; this is a bug in typeflow, please report it${details}\n`,
  };
}

const OUT_OF_SPACE = new Set(['ENOSPC', 'EDQUOT']);
// How running out of memory shows: V8's typed arrays, Node's allocator, and an Emscripten (wasm) heap.
const OUT_OF_MEMORY =
  /Array buffer allocation failed|ERR_MEMORY_ALLOCATION_FAILED|Cannot enlarge memory|Aborted\(OOM\)/;

/**
 * What ran out, for an error raised by the machine rather than by the input: the disk (ENOSPC, EDQUOT,
 * also named in the one-line messages of DataError) or memory. Undefined for any other error.
 */
export function resourceFault(error: unknown): string | undefined {
  if (error instanceof ResourceError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const named = [...OUT_OF_SPACE].find((c) => code === c || message.includes(`(${c})`));
  if (named !== undefined) return `no space left on the device (${named}): ${oneLine(message)}`;
  if (code === 'ENOMEM' || OUT_OF_MEMORY.test(message)) return `out of memory: ${oneLine(message)}`;
  return undefined;
}

/** A full disk as a ResourceError naming `path`; any other error as it is. */
export function spaceFault(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && OUT_OF_SPACE.has(code))
    return new ResourceError(`no space left on the device writing ${path} (${code})`);
  return error;
}

/** A path that cannot be written: a ResourceError when the disk is full, else bad input naming `flag`. */
export function writeFault(error: unknown, flag: string, path: string): Error {
  const fault = spaceFault(error, path);
  if (fault instanceof ResourceError) return fault;
  return new UsageError(`${flag} ${path} cannot be written: ${errorCode(error)}`);
}

/** The errno code of a file-system error, or the error itself as text. */
export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/** One line for the terminal: the message without a stack, never more than one line. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
