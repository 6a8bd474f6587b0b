import { argumentFault, assertPositiveInteger, describe } from './errors.js';

/** Labels [n] -> one-hot rows, row-major [n, classes] float32. */
export function oneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  assertLabels(labels, 'oneHot');
  assertPositiveInteger(classes, 'oneHot', 'classes');
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      argumentFault('oneHot', `labels[${i}]`, `an integer in 0..${classes - 1}`, describe(label));
    }
    out[i * classes + label] = 1;
  }
  return out;
}

/** Pixels 0..255 -> float32 0..1 (divided by 255, as the book does). */
export function normalize(images: Uint8Array, target?: Float32Array): Float32Array {
  if (!(images instanceof Uint8Array)) argumentFault('normalize', 'images', 'a Uint8Array', describe(images));
  if (target !== undefined && !(target instanceof Float32Array && target.length === images.length))
    argumentFault('normalize', 'target', `a Float32Array of ${images.length} values`, describe(target));
  const out = target ?? new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = (images[i] as number) / 255;
  return out;
}

function assertLabels(labels: unknown, fn: string): asserts labels is ArrayLike<number> {
  const ok = Array.isArray(labels) || (ArrayBuffer.isView(labels) && !(labels instanceof DataView));
  if (!ok) argumentFault(fn, 'labels', 'an array or typed array of integers', describe(labels));
}
