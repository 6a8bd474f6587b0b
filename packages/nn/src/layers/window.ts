import { describeValue, type Padding, refuse, ShapeError, ValueError } from '@typeflow/tensor';

/**
 * The output length of a sliding window along one axis, as TensorFlow computes it: ceil(n / stride)
 * for 'same', ceil((n - window + 1) / stride) for 'valid'. A window larger than the input with 'valid'
 * padding is refused; with `exact`, so is a 'valid' window that does not tile the input (a pooled size
 * that is not an integer would silently drop the last rows).
 */
export function windowOutput(
  op: string,
  argument: string,
  n: number,
  window: number,
  stride: number,
  padding: Padding,
  exact: boolean,
): number {
  if (padding === 'same') return Math.ceil(n / stride);
  if (window > n)
    refuse(
      ShapeError,
      op,
      argument,
      `a window of at most ${n} (the input) with 'valid' padding`,
      describeValue(window),
    );
  if (exact && (n - window) % stride !== 0) {
    refuse(
      ValueError,
      op,
      argument,
      `a window and stride that tile ${n} exactly ((${n} - ${window}) / ${stride} + 1 is not an integer)`,
      describeValue(window),
    );
  }
  return Math.ceil((n - window + 1) / stride);
}
