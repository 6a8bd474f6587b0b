// npm install @typeflow/nn @typeflow/data @typeflow/tensor @typeflow/viz, then: node fit-book-data.mjs data_with_labels.npz
import { writeFile } from 'node:fs/promises';
import { loadFontDataset, normalize, split } from '@typeflow/data';
import { BOOK_RECIPES, bookModel, fit, SGD, saveCheckpoint } from '@typeflow/nn';
import { gather, ready, tensor } from '@typeflow/tensor';
import { accuracyCurves } from '@typeflow/viz';

await ready(); // the wasm backend where it loads, else cpu
const data = await loadFontDataset(process.argv[2] ?? 'data_with_labels.npz'); // the book's 2790 glyphs
const x = tensor(normalize(data.images), [data.count, 36 * 36]);
const { train, valid } = split(data.count, { seed: 0, mode: 'numpy' }); // the book's split
const part = (rows) => ({
  x: gather(x, tensor(rows, [rows.length], 'int32')),
  labels: Array.from(rows, (i) => data.labels[i]),
});

const model = bookModel('logistic');
const { learningRate, epochs, loss } = BOOK_RECIPES.logistic; // 1000 full-batch epochs, the book's loss
const optimizer = new SGD(learningRate);
const { history } = await fit(model, { train: part(train), valid: part(valid) }, { epochs, loss, optimizer });
console.log(`validation accuracy ${history.validAcc.at(-1)}`); // 0.3548..., as the book's run
await saveCheckpoint('logistic.npz', model); // W [1296, 5] and b [5], as the book names them
const svg = accuracyCurves({ epochs: history.epoch, train: history.trainAcc, valid: history.validAcc });
await writeFile('accuracy.svg', svg);
