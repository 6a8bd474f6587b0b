import type { NpyArray } from '@typeflow/data';
import type { OptimizerState } from '@typeflow/nn';

const STEPS = '__steps__';

/** An optimizer's slots as npz arrays (slot keys use ':' for '/', which would be a folder in the zip). */
export function optimizerArrays(state: OptimizerState): Record<string, NpyArray> {
  const arrays: Record<string, NpyArray> = { [STEPS]: { dtype: 'int32', shape: [], data: Int32Array.of(state.steps) } };
  for (const [key, slot] of Object.entries(state.slots)) {
    arrays[key.replaceAll('/', ':')] = { dtype: 'float32', shape: slot.shape, data: slot.data };
  }
  return arrays;
}

export function optimizerStateFrom(name: string, arrays: Record<string, NpyArray>): OptimizerState {
  const slots: Record<string, { shape: number[]; data: Float32Array }> = {};
  let steps = 0;
  for (const [key, array] of Object.entries(arrays)) {
    if (key === STEPS) steps = Number(array.data[0]);
    else
      slots[key.replaceAll(':', '/')] = {
        shape: array.shape,
        data: Float32Array.from(array.data as ArrayLike<number>),
      };
  }
  return { name, steps, slots };
}
