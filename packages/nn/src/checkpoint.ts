import { loadNpz, type NpyArray, saveNpz } from '@typeflow/data';
import * as T from '@typeflow/tensor';
import type { Sequential } from './layers/sequential.js';

/** The model's parameters as float32 arrays under the book's names (W1, b1, ...), shapes as the book's. */
export function checkpointArrays(model: Sequential): Record<string, NpyArray> {
  const arrays: Record<string, NpyArray> = {};
  for (const [name, variable] of model.namedParameters()) {
    arrays[name] = { dtype: 'float32', shape: [...variable.shape], data: variable.value.dataSync() as Float32Array };
  }
  return arrays;
}

/**
 * Sets every parameter from `arrays` (e.g. a checkpoint file's). Checks every name and shape first,
 * so a mismatched checkpoint changes nothing. float64 arrays (numpy's default) are narrowed to float32.
 */
export function restoreCheckpoint(model: Sequential, arrays: Record<string, NpyArray>, source = 'checkpoint'): void {
  const named = [...model.namedParameters()];
  for (const [name, variable] of named) {
    const array = arrays[name];
    if (array === undefined) {
      T.refuse(
        T.ShapeError,
        'restoreCheckpoint',
        name,
        `an array '${name}' in ${source} (it has ${Object.keys(arrays).join(', ') || 'none'})`,
        'nothing',
      );
    }
    const fits = array.shape.length === variable.shape.length && array.shape.every((d, i) => d === variable.shape[i]);
    if (!fits)
      T.refuse(
        T.ShapeError,
        'restoreCheckpoint',
        name,
        `shape ${T.formatShape(variable.shape)} in ${source}`,
        T.formatShape(array.shape),
      );
    if (array.dtype !== 'float32' && array.dtype !== 'float64') {
      T.refuse(T.DTypeError, 'restoreCheckpoint', name, `float32 values in ${source}`, array.dtype);
    }
  }
  for (const [name, variable] of named) {
    const array = arrays[name] as NpyArray;
    variable.assign(T.tensor(Float32Array.from(array.data as ArrayLike<number>), array.shape));
  }
}

/** Writes the model's parameters to an .npz file (atomically: a complete file or the previous one). */
export async function saveCheckpoint(
  path: string,
  model: Sequential,
  extra: Record<string, NpyArray> = {},
): Promise<void> {
  await saveNpz(path, { ...checkpointArrays(model), ...extra });
}

/** Loads parameters from an .npz file written by `saveCheckpoint` or by numpy (`np.savez(W1=..., ...)`). */
export async function loadCheckpoint(path: string, model: Sequential): Promise<Record<string, NpyArray>> {
  const arrays = await loadNpz(path);
  restoreCheckpoint(model, arrays, path);
  return arrays;
}
