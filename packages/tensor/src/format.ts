import type { Shape } from './types.js';

/** `[2, 3]`, the way every error message writes a shape. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}
