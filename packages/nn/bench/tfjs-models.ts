/** The book's models built with TensorFlow.js's own layers API, the peer typeflow is measured against. */
import * as tfl from '@tensorflow/tfjs-layers';
import type { BookModelName } from '../src/models.js';

const dense = (units: number, activation: 'sigmoid' | 'relu' | 'softmax', inputShape?: number[]) =>
  tfl.layers.dense({ units, activation, ...(inputShape ? { inputShape } : {}) });

/** The same layer sizes and activations as `bookModel(name)`, ending in a softmax as the book's. */
export function tfjsBookModel(name: BookModelName): tfl.Sequential {
  const model = tfl.sequential();
  const pixels = [36 * 36];
  switch (name) {
    case 'logistic':
      model.add(dense(5, 'softmax', pixels));
      break;
    case 'hidden':
      model.add(dense(128, 'sigmoid', pixels));
      model.add(dense(5, 'softmax'));
      break;
    case 'mlp':
      model.add(dense(128, 'sigmoid', pixels));
      model.add(dense(32, 'sigmoid'));
      model.add(dense(5, 'softmax'));
      break;
    case 'cnn':
      model.add(tfl.layers.reshape({ targetShape: [36, 36, 1], inputShape: pixels }));
      model.add(tfl.layers.conv2d({ filters: 4, kernelSize: 5, padding: 'same', activation: 'relu' }));
      model.add(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'valid' }));
      model.add(tfl.layers.flatten());
      model.add(dense(32, 'relu'));
      model.add(tfl.layers.dropout({ rate: 0.5 }));
      model.add(dense(5, 'softmax'));
      break;
    case 'cnn2':
      model.add(tfl.layers.reshape({ targetShape: [36, 36, 1], inputShape: pixels }));
      model.add(tfl.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }));
      model.add(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'valid' }));
      model.add(tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }));
      model.add(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'valid' }));
      model.add(tfl.layers.flatten());
      model.add(dense(32, 'relu'));
      model.add(tfl.layers.dropout({ rate: 0.5 }));
      model.add(dense(5, 'softmax'));
      break;
  }
  return model;
}
