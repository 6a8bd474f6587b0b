import { num } from './svg.js';

/** One filled circle as path data: many markers in one `<path>` keep large plots small. */
export function dotPath(cx: number, cy: number, r: number): string {
  return `M${num(cx - r)} ${num(cy)}a${num(r)} ${num(r)} 0 1 0 ${num(2 * r)} 0a${num(r)} ${num(r)} 0 1 0 ${num(-2 * r)} 0`;
}

/** One 'x' marker as path data. */
export function crossPath(cx: number, cy: number, r: number): string {
  return `M${num(cx - r)} ${num(cy - r)}L${num(cx + r)} ${num(cy + r)}M${num(cx - r)} ${num(cy + r)}L${num(cx + r)} ${num(cy - r)}`;
}
