import type { Tensor } from '@typeflow/tensor';

/** One input's gradient, computed from the output's gradient `dy` only when that input needs it. */
export type GradientRule = (dy: Tensor) => Tensor;

/** One recorded op: its output, its inputs, and one gradient rule per input. */
export interface TapeEntry {
  readonly op: string;
  readonly output: Tensor;
  readonly inputs: readonly Tensor[];
  readonly rules: readonly GradientRule[];
}

/**
 * The ops recorded while a differentiated function runs, in execution order (which is already a
 * topological order: an op is recorded after its inputs exist). Only ops with at least one watched
 * input are recorded, so constants cost nothing.
 */
export class Tape {
  readonly entries: TapeEntry[] = [];
  private readonly watched = new Set<Tensor>();

  watch(x: Tensor): void {
    this.watched.add(x);
  }

  isWatched(x: Tensor): boolean {
    return this.watched.has(x);
  }

  record(entry: TapeEntry): void {
    this.entries.push(entry);
    this.watched.add(entry.output);
  }
}

let active: Tape | null = null;

/** The tape recording now, if any. */
export function activeTape(): Tape | null {
  return active;
}

/** Runs `fn` with `tape` recording, restoring the previous tape afterwards (even on error). */
export function withTape<T>(tape: Tape, fn: () => T): T {
  const previous = active;
  active = tape;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/**
 * Records `output = op(inputs)` on the active tape when any input is watched. Each op file calls
 * this after computing its forward value; `rules[i]` is the vector-Jacobian product for `inputs[i]`.
 */
export function record(op: string, output: Tensor, inputs: readonly Tensor[], rules: readonly GradientRule[]): Tensor {
  const tape = active;
  if (tape !== null && inputs.some((x) => tape.isWatched(x))) tape.record({ op, output, inputs, rules });
  return output;
}
