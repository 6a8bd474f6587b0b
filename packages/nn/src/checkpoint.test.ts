import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNpz } from '@typeflow/data';
import * as T from '@typeflow/tensor';
import { randomValues } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointArrays, loadCheckpoint, restoreCheckpoint, saveCheckpoint } from './checkpoint.js';
import { predictClasses } from './metrics.js';
import { bookModel } from './models.js';
import { SHARED } from './test-data.js';

describe('checkpoints', () => {
  beforeAll(() => T.setBackend('wasm'));
  const dir = mkdtempSync(join(tmpdir(), 'typeflow-nn-'));

  it('save then load into a fresh model gives the same predictions', async () => {
    const trained = bookModel('mlp', { seed: 4 });
    const path = join(dir, 'mlp.npz');
    await saveCheckpoint(path, trained);
    const arrays = await loadNpz(path);
    expect(Object.keys(arrays).sort()).toEqual(['W1', 'W2', 'W3', 'b1', 'b2', 'b3']);
    expect(arrays.W1?.shape).toEqual([1296, 128]);
    expect(arrays.W1?.dtype).toBe('float32');
    const fresh = bookModel('mlp', { seed: 99 });
    await loadCheckpoint(path, fresh);
    const x = T.tensor(randomValues(30 * 1296, 5, 0, 1), [30, 1296]);
    expect(predictClasses(fresh, x)).toEqual(predictClasses(trained, x));
    expect(checkpointArrays(fresh).W3?.data).toEqual(checkpointArrays(trained).W3?.data);
    expect(readdirSync(dir)).toEqual(['mlp.npz']); // no temporary file left behind
  });

  it('loads a checkpoint written by numpy (np.savez) with the book names', async () => {
    const model = bookModel('hidden', { seed: 1 });
    const arrays = await loadCheckpoint(`${SHARED}data/book-init/hidden-init.npz`, model);
    expect(Array.from(model.namedParameters().get('b1')?.value.dataSync() ?? [])).toEqual(
      Array.from((arrays.b1?.data ?? []) as Float32Array),
    );
  });

  it('refuses a checkpoint for another model and changes nothing', async () => {
    const model = bookModel('mlp', { seed: 2 });
    const before = checkpointArrays(model);
    const hidden = await loadNpz(`${SHARED}data/book-init/hidden-init.npz`);
    expect(() => restoreCheckpoint(model, hidden, 'hidden-init.npz')).toThrow(T.ShapeError);
    expect(() => restoreCheckpoint(model, hidden, 'hidden-init.npz')).toThrow(
      /argument 'W2' expected shape \[128, 32\] in hidden-init.npz, got \[128, 5\]/,
    );
    expect(checkpointArrays(model).W1?.data).toEqual(before.W1?.data);
    const { W1: _, ...missing } = checkpointArrays(model);
    expect(() => restoreCheckpoint(model, missing)).toThrow(/an array 'W1' in checkpoint/);
  });
});
