import * as T from '@typeflow/tensor';

/** Makes a parameter's starting value for a shape. */
export type Initializer = (shape: T.Shape) => T.Tensor;

/** All zeros (the book's logistic regression starts here). */
export function zeros(): Initializer {
  return (shape) => T.zeros(shape);
}

/** Every element `value` (the book's biases: 0.1, 0.2). */
export function constant(value: number): Initializer {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    T.refuse(T.ValueError, 'constant', 'value', 'a finite number', T.describeValue(value));
  }
  return (shape) => T.fill(shape, value);
}

/**
 * Normal samples redrawn beyond 2 standard deviations, as TensorFlow's `truncated_normal` that the
 * book uses for its weights. Seeded: the same seed gives the same weights.
 */
export function truncatedNormal(options: {
  readonly stddev: number;
  readonly mean?: number;
  readonly seed: number;
}): Initializer {
  return (shape) => T.truncatedNormal(shape, options);
}
