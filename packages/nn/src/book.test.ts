import { readFileSync } from 'node:fs';
import { loadNpz } from '@typeflow/data';
import { setBackend } from '@typeflow/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { restoreCheckpoint } from './checkpoint.js';
import type { LossName } from './losses.js';
import { BOOK_RECIPES, type BookModelName, bookModel } from './models.js';
import { SGD } from './optimizers/sgd.js';
import { bookData, SHARED } from './test-data.js';
import { type FitData, fit } from './trainer.js';

interface Expected {
  readonly train: number;
  readonly valid: number;
}
const expected = JSON.parse(readFileSync(`${SHARED}data/book-init/expected.json`, 'utf8'));

// The reference is an independent numpy/OpenBLAS float32 run from the same start, data and split.
// Float32 sums in another order drift a little over hundreds of epochs: within 1 point is agreement.
const TOLERANCE = 0.01;

describe('the book models reproduce the numpy reference', () => {
  let data: FitData;
  beforeAll(async () => {
    await setBackend('wasm');
    data = await bookData();
  });

  it.each([
    ['logistic', 'book', 1000, 0.02],
    ['logistic', 'softmax', 1000, 0.02],
    ['hidden', 'book', 500, 0.01],
    ['hidden', 'softmax', 500, 0.01],
  ] as const)(
    '%s with the %s loss after %i epochs',
    async (name: BookModelName, loss: LossName, epochs, lr) => {
      const model = bookModel(name);
      if (name === 'hidden') restoreCheckpoint(model, await loadNpz(`${SHARED}data/book-init/hidden-init.npz`));
      const result = await fit(model, data, { epochs, optimizer: new SGD(lr), loss, evalEvery: 100 });
      const want: Expected = expected[name][loss][String(epochs)];
      const last = result.history.epoch.length - 1;
      expect(result.history.epoch[last]).toBe(epochs);
      expect(Math.abs((result.history.trainAcc[last] as number) - want.train)).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs((result.history.validAcc[last] as number) - want.valid)).toBeLessThanOrEqual(TOLERANCE);
      model.dispose();
    },
    300_000,
  );
});

describe("the book's chapter-3 CNNs", () => {
  let data: FitData;
  beforeAll(async () => {
    await setBackend('wasm');
    data = await bookData();
  });

  it.each([
    ['cnn', { W1: [5, 5, 1, 4], b1: [4], W2: [1296, 32], b2: [32], W3: [32, 5], b3: [5] }],
    [
      'cnn2',
      { W1: [3, 3, 1, 16], b1: [16], W2: [3, 3, 16, 4], b2: [4], W3: [324, 32], b3: [32], W4: [32, 5], b4: [5] },
    ],
  ] as const)(
    '%s runs its book recipe (a short run) with the book-named parameters',
    async (name, shapes) => {
      const model = bookModel(name);
      const named = Object.fromEntries([...model.namedParameters()].map(([k, v]) => [k, v.shape]));
      expect(named).toEqual(shapes);
      const recipe = BOOK_RECIPES[name];
      const result = await fit(model, data, {
        epochs: 3,
        optimizer: new SGD(recipe.learningRate),
        loss: recipe.loss,
        evalEvery: 1,
      });
      expect(result.history.epoch).toEqual([1, 2, 3]);
      expect(result.history.loss.every(Number.isFinite)).toBe(true);
      // The book's loss lives in [log(1 + 4/e), log(e + 4)] (see losses.ts).
      expect(result.history.loss.every((l) => l > 0.9 && l < 1.91)).toBe(true);
      model.dispose();
    },
    300_000,
  );
});
