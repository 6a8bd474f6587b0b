import * as T from '@typeflow/tensor';
import { randomValues } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointArrays } from './checkpoint.js';
import { BOOK_MODELS, bookModel } from './models.js';
import { SGD } from './optimizers/sgd.js';
import { workerThreads } from './parallel/index.js';
import { fit } from './trainer.js';

/** `count` examples of 1296 features in `classes` classes: class k has brighter pixels in band k. */
function bands(classes: number, count: number) {
  const x = randomValues(count * 1296, 11, 0, 0.5);
  const labels = Array.from({ length: count }, (_, i) => i % classes);
  const width = Math.floor(1296 / classes);
  labels.forEach((label, i) => {
    for (let p = label * width; p < (label + 1) * width; p++) x[i * 1296 + p] = (x[i * 1296 + p] as number) + 0.5;
  });
  return { x: T.tensor(x, [count, 1296]), labels };
}

const shapes = (name: (typeof BOOK_MODELS)[number], classes?: number) => {
  const model = bookModel(name, { classes });
  const out = Object.fromEntries(Object.entries(checkpointArrays(model)).map(([k, a]) => [k, a.shape]));
  model.dispose();
  return out;
};

describe('bookModel with a class count', () => {
  beforeAll(() => T.setBackend('wasm'));

  it.each(BOOK_MODELS)('%s: only the output layer changes, to N outputs', (name) => {
    const five = shapes(name);
    for (const classes of [2, 7, 50]) {
      const n = shapes(name, classes);
      const last = Object.keys(five)
        .filter((k) => k.startsWith('W'))
        .at(-1) as string;
      const bias = last.replace('W', 'b');
      expect(n[last]).toEqual([(five[last] as number[])[0], classes]);
      expect(n[bias]).toEqual([classes]);
      expect({ ...n, [last]: five[last], [bias]: five[bias] }).toEqual(five);
      const model = bookModel(name, { classes });
      const logits = T.scope(() => model.forward(T.zeros([3, 1296])));
      expect(logits.shape).toEqual([3, classes]);
      logits.dispose();
      model.dispose();
    }
  });

  it("keeps the book's five-class models as they were: the same weights with or without classes: 5", () => {
    for (const name of BOOK_MODELS) {
      const [a, b] = [bookModel(name, { seed: 4 }), bookModel(name, { seed: 4, classes: 5 })];
      const [wa, wb] = [checkpointArrays(a), checkpointArrays(b)];
      for (const key of Object.keys(wa)) expect(wb[key]?.data, `${name} ${key}`).toEqual(wa[key]?.data);
      a.dispose();
      b.dispose();
    }
  });

  it('scales the output weights by the class count where the book scales them by its 5 outputs', () => {
    const std = (classes: number) => {
      const model = bookModel('hidden', { classes });
      const w = checkpointArrays(model).W2?.data as Float32Array;
      model.dispose();
      return Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    };
    // Truncated at 2 sd, a normal's sd shrinks by 0.88: 1/sqrt(5) -> 0.39, 1/sqrt(50) -> 0.12.
    expect(std(5)).toBeCloseTo(0.88 / Math.sqrt(5), 1);
    expect(std(50)).toBeCloseTo(0.88 / Math.sqrt(50), 1);
  });

  it('refuses fewer than two classes or a fraction', () => {
    expect(() => bookModel('mlp', { classes: 1 })).toThrow(
      "bookModel: argument 'classes' expected an integer of at least 2, got 1",
    );
    expect(() => bookModel('mlp', { classes: 2.5 })).toThrow(/argument 'classes'/);
  });

  it('trains 7 classes with worker threads: each replica gets the 7-class output layer', async () => {
    const train = bands(7, 70);
    const model = bookModel('logistic', { classes: 7 });
    const result = await fit(
      model,
      { train, valid: train },
      {
        epochs: 30,
        optimizer: new SGD(0.5),
        loss: 'softmax',
        evalEvery: 10,
        strategy: workerThreads({ workers: 2, replica: { kind: 'book', name: 'logistic' } }),
      },
    );
    expect(result.history.trainAcc.at(-1)).toBeGreaterThan(0.9); // chance: 1/7
    model.dispose();
    train.x.dispose();
  }, 60_000);
});
