// Softmax regression on a font dataset, as a check that the data is learnable:
//   node --conditions=source --import tsx scripts/logistic.ts [generated|book] [lr] [epochs]
// 1296 -> 5, W and b from zeros, full-batch gradient descent on softmax cross-entropy of the logits,
// the gradient by hand: dW = X^T (softmax(XW + b) - Y) / n, db = sum of rows of (softmax - Y) / n.
// Split: numpy's seed-0 permutation, the first 10% for validation, as in the book.
import { fileURLToPath } from 'node:url';
import {
  add,
  argmax,
  dispose,
  matmul,
  mul,
  scope,
  setBackend,
  softmax,
  sub,
  sum,
  type Tensor,
  tensor,
  transpose,
  zeros,
} from '@typeflow/tensor';
import { type FontDataset, generateFontDataset, loadFontDataset, normalize, oneHot, split } from '../src/index.js';

const which = process.argv[2] ?? 'generated';
const lr = Number(process.argv[3] ?? 0.5);
const epochs = Number(process.argv[4] ?? 1000);

await setBackend('wasm');
const dataset: FontDataset =
  which === 'book'
    ? await loadFontDataset(fileURLToPath(new URL('../../../../shared/data/data_with_labels.npz', import.meta.url)))
    : generateFontDataset();
const pixels = dataset.height * dataset.width;
const { train, valid } = split(dataset.count, { validFraction: 0.1, seed: 0, mode: 'numpy' });

function rows(indices: Int32Array): { x: Tensor; y: Tensor; labels: Uint8Array } {
  const images = new Uint8Array(indices.length * pixels);
  const labels = new Uint8Array(indices.length);
  indices.forEach((index, row) => {
    images.set(dataset.images.subarray(index * pixels, (index + 1) * pixels), row * pixels);
    labels[row] = dataset.labels[index] as number;
  });
  const x = tensor(normalize(images), [indices.length, pixels]);
  const y = tensor(oneHot(labels, dataset.classes), [indices.length, dataset.classes]);
  return { x, y, labels };
}

/** Accuracy and the confusion matrix (rows = true font, columns = predicted). */
function evaluate(x: Tensor, w: Tensor, b: Tensor, labels: Uint8Array) {
  const best = scope(() => argmax(add(matmul(x, w), b), 1));
  const predicted = best.dataSync();
  dispose(best);
  const confusion = Array.from({ length: dataset.classes }, () => new Array<number>(dataset.classes).fill(0));
  predicted.forEach((p, i) => {
    (confusion[labels[i] as number] as number[])[p] += 1;
  });
  const hits = predicted.reduce((sum, p, i) => sum + (p === labels[i] ? 1 : 0), 0);
  return { accuracy: hits / labels.length, confusion };
}

const trainSet = rows(train);
const validSet = rows(valid);
const xT = transpose(trainSet.x); // cached once: a transposed matmul operand is 13x slower on wasm
let w = zeros([pixels, dataset.classes]);
let b = zeros([dataset.classes]);
const n = train.length;
const started = performance.now();
for (let epoch = 1; epoch <= epochs; epoch++) {
  const next = scope(() => {
    const error = sub(softmax(add(matmul(trainSet.x, w), b)), trainSet.y);
    const step = lr / n;
    return [sub(w, mul(matmul(xT, error), step)), sub(b, mul(sum(error, 0), step))] as const;
  });
  dispose([w, b]);
  [w, b] = next;
}
const seconds = (performance.now() - started) / 1000;
const trained = evaluate(trainSet.x, w, b, trainSet.labels);
const validated = evaluate(validSet.x, w, b, validSet.labels);
const percent = (f: number) => `${(100 * f).toFixed(1)}%`;
console.log(
  `${which}: lr ${lr}, ${epochs} epochs in ${seconds.toFixed(1)} s: train ${percent(trained.accuracy)}, valid ${percent(validated.accuracy)}`,
);
console.log('validation confusion (rows = true font):');
for (const [font, row] of validated.confusion.entries()) {
  console.log(`  ${row.map((c) => String(c).padStart(3)).join(' ')}  ${dataset.classNames[font]}`);
}
