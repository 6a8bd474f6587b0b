import { describeValue, keep, refuse, type Shape, Tensor, TypeflowError } from '@typeflow/tensor';

let counter = 0;

/**
 * Trainable state: a tensor that outlives every scope and is replaced by `assign`. Gradients are
 * taken with respect to variables by `variableGrads`.
 */
export class Variable {
  readonly name: string;
  private current: Tensor;

  constructor(initial: Tensor, options: { readonly name?: string } = {}) {
    this.name = options.name ?? `variable${counter++}`;
    checkLive(initial, 'Variable', 'initial');
    this.current = keep(initial);
  }

  get value(): Tensor {
    return this.current;
  }

  get shape(): Shape {
    return this.current.shape;
  }

  /** Replaces the value (same shape and dtype) and releases the old one. */
  assign(next: Tensor): void {
    checkLive(next, `Variable '${this.name}': assign`, 'next');
    const same = next.dtype === this.current.dtype && next.shape.every((d, i) => d === this.current.shape[i]);
    if (next.rank !== this.current.rank || !same) {
      throw new TypeflowError(
        `Variable '${this.name}': assign expected a ${this.current.dtype} tensor of shape [${this.current.shape.join(', ')}], got ${next.dtype} [${next.shape.join(', ')}]`,
        { op: 'assign', argument: 'next' },
      );
    }
    if (next === this.current) return;
    const previous = this.current;
    this.current = keep(next);
    previous.dispose();
  }

  dispose(): void {
    this.current.dispose();
  }
}

function checkLive(x: unknown, op: string, argument: string): void {
  if (!(x instanceof Tensor) || x.isDisposed) refuse(TypeflowError, op, argument, 'a live Tensor', describeValue(x));
}
