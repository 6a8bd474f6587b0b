import { add, formatShape, InternalError, reshape, sum, type Tensor } from '@typeflow/tensor';
import type { Tape } from './tape.js';

// #region backward
/**
 * Walks the tape from the end, accumulating each watched input's gradient (a value used twice
 * receives the sum of both contributions). Returns the gradient map; tensors never reached have none.
 */
export function backward(tape: Tape, output: Tensor, outputGradient: Tensor): Map<Tensor, Tensor> {
  const grads = new Map<Tensor, Tensor>([[output, outputGradient]]);
  for (let i = tape.entries.length - 1; i >= 0; i--) {
    const entry = tape.entries[i] as (typeof tape.entries)[number];
    const dy = grads.get(entry.output);
    if (dy === undefined) continue;
    entry.inputs.forEach((input, k) => {
      if (!tape.isWatched(input)) return;
      const rule = entry.rules[k] as (dy: Tensor) => Tensor;
      const g = reduceToShape(rule(dy), input, entry.op);
      const previous = grads.get(input);
      grads.set(input, previous === undefined ? g : add(previous, g));
    });
  }
  return grads;
}
// #endregion backward

/**
 * Sums a broadcast gradient back to its input's shape: over the leading axes the input lacks and
 * the axes where the input has size 1. The one place broadcasting is undone, so rules need not.
 */
export function reduceToShape(g: Tensor, input: Tensor, op: string): Tensor {
  const target = input.shape;
  if (g.shape.length === target.length && g.shape.every((d, i) => d === target[i])) return g;
  const offset = g.rank - target.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < offset || (target[i - offset] === 1 && d !== 1)) axes.push(i);
  });
  if (axes.length === 0 && g.size !== input.size) {
    // A rule returned a gradient that does not fit its input: a fault in the rule, not in the caller's data.
    throw new InternalError(
      `${op}: a gradient of shape ${formatShape(g.shape)} for an input of shape ${formatShape(target)}`,
    );
  }
  return reshape(sum(g, axes), target);
}
