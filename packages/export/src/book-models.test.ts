import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Adam, BOOK_MODELS, bookModel, fit, type LabeledData } from '@typeflow/nn';
import * as T from '@typeflow/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookData } from '../../nn/src/test-data.js';
import { exportModel } from '../examples/export-model.js';
import { predictWithOnnxRuntime } from '../examples/onnxruntime-node.js';
import { predictWithTensorflowJs } from '../examples/tensorflow-js.js';

const CLASSES = 5;
const NAMES = ['font A', 'font B', 'font C', 'font D', 'font E'];

/** The largest |a - b| and the rows whose argmax differs. */
function compare(actual: Float32Array, expected: Float32Array) {
  const argmax = (p: Float32Array, row: number) => {
    const r = p.subarray(row * CLASSES, (row + 1) * CLASSES);
    return r.indexOf(Math.max(...r));
  };
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  const rows = expected.length / CLASSES;
  const disagreeing = Array.from({ length: rows }, (_, r) => r).filter(
    (r) => argmax(actual, r) !== argmax(expected, r),
  );
  return { worst, disagreeing, length: actual.length };
}

describe("the book's models, trained a few epochs on the book's data, exported", () => {
  let data: { train: LabeledData; valid: LabeledData };
  let pixels: Float32Array;
  const folder = mkdtempSync(join(tmpdir(), 'typeflow-export-'));

  beforeAll(async () => {
    await T.setBackend('wasm');
    const { train, valid } = await bookData();
    if (valid === undefined) throw new Error('bookData has a validation set');
    data = { train, valid };
    pixels = Float32Array.from(data.valid.x.dataSync() as Float32Array);
  });
  afterAll(() => {
    data.train.x.dispose();
    data.valid.x.dispose();
  });

  it.each(BOOK_MODELS)(
    '%s: ONNX Runtime and TensorFlow.js give the probabilities of typeflow on the 279 validation glyphs',
    async (name) => {
      await T.setBackend('wasm');
      const model = bookModel(name, { seed: 0 });
      const optimizer = new Adam(0.003);
      const { history } = await fit(model, data, {
        epochs: 3,
        batchSize: 32,
        loss: 'softmax',
        optimizer,
        evalEvery: 3,
      });
      optimizer.dispose();
      expect(history.validAcc.at(-1), 'trained well above chance (0.2)').toBeGreaterThan(0.4);
      const ours = T.scope(() => T.softmax(model.forward(data.valid.x))).dataSync() as Float32Array;
      expect(ours.length).toBe(279 * CLASSES);

      const out = mkdtempSync(join(folder, `${name}-`));
      await exportModel(model, NAMES, out);
      model.dispose();

      const onnx = compare(await predictWithOnnxRuntime(join(out, 'fonts.onnx'), pixels, 279), ours);
      expect(onnx).toEqual({ worst: expect.any(Number), disagreeing: [], length: ours.length });
      expect(onnx.worst).toBeLessThanOrEqual(1e-5);

      // TensorFlow.js on its own cpu kernels, not the wasm ones typeflow ran on.
      await T.setBackend('cpu');
      const tfjs = await predictWithTensorflowJs(join(out, 'fonts-tfjs'), pixels, 279);
      expect(tfjs.classNames).toEqual(NAMES);
      const layers = compare(tfjs.probabilities, ours);
      expect(layers).toEqual({ worst: expect.any(Number), disagreeing: [], length: ours.length });
      expect(layers.worst).toBeLessThanOrEqual(1e-5);
      console.log(
        `${name}: validation accuracy ${history.validAcc.at(-1)}, largest difference ONNX Runtime ${onnx.worst.toExponential(1)}, TensorFlow.js ${layers.worst.toExponential(1)}`,
      );
    },
    180_000,
  );
});
