import type { Axis, Shape } from '@typeflow/tensor';

/** The shape a reduction of `shape` over `axis` has with keepDims: reduced axes become 1. */
export function keptShape(shape: Shape, axis: Axis | undefined): number[] {
  const rank = shape.length;
  const axes = axis === undefined ? shape.map((_, i) => i) : typeof axis === 'number' ? [axis] : [...axis];
  const reduced = new Set(axes.map((a) => (a < 0 ? a + rank : a)));
  return shape.map((d, i) => (reduced.has(i) ? 1 : d));
}
