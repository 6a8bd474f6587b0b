import { describeValue, refuse, ValueError } from '@typeflow/tensor';
import { constant, truncatedNormal } from './initializers.js';
import { ReLU, Sigmoid } from './layers/activations.js';
import { Conv2D } from './layers/conv2d.js';
import { Dense } from './layers/dense.js';
import { Dropout } from './layers/dropout.js';
import { Flatten } from './layers/flatten.js';
import { MaxPool2D } from './layers/max-pool2d.js';
import { Reshape } from './layers/reshape.js';
import { Sequential } from './layers/sequential.js';
import type { LossName } from './losses.js';

export type BookModelName = 'logistic' | 'hidden' | 'mlp' | 'cnn' | 'cnn2';

/** How the book trains a model: full-batch gradient descent with its loss, rate and epochs. */
export interface Recipe {
  readonly learningRate: number;
  readonly epochs: number;
  readonly loss: LossName;
  readonly batchSize: number | 'full';
  readonly evalEvery: number;
}

export const BOOK_MODELS: readonly BookModelName[] = ['logistic', 'hidden', 'mlp', 'cnn', 'cnn2'];

/** The book's recipes (chapters 1-3), from DESIGN.md's table and the book's chapter 3 code. */
export const BOOK_RECIPES: Readonly<Record<BookModelName, Recipe>> = {
  logistic: { learningRate: 0.02, epochs: 1000, loss: 'book', batchSize: 'full', evalEvery: 10 },
  hidden: { learningRate: 0.01, epochs: 5000, loss: 'book', batchSize: 'full', evalEvery: 10 },
  mlp: { learningRate: 0.01, epochs: 25000, loss: 'book', batchSize: 'full', evalEvery: 10 },
  cnn: { learningRate: 0.01, epochs: 5000, loss: 'book', batchSize: 'full', evalEvery: 10 },
  cnn2: { learningRate: 0.01, epochs: 6000, loss: 'book', batchSize: 'full', evalEvery: 10 },
};

const PIXELS = 36 * 36;

export interface BookModelOptions {
  /** Seeds the initial weights: W1 is drawn with `seed`, W2 with seed + 1, and so on. Default 0. */
  readonly seed?: number;
  /** Classes (fonts) the output layer tells apart: 2 or more; default 5, as the book. */
  readonly classes?: number;
}

/**
 * The book's models, built exactly as the book builds them (sizes, initializers). They output
 * logits; the book's final softmax is applied by the loss (`book`) or by `softmax()` to predict.
 * Weights: truncated normal with the book's standard deviations. With `classes`, only the output layer
 * changes: N outputs, and where the book scales the output weights by its 5 outputs (1/sqrt(5)), by N.
 */
export function bookModel(name: BookModelName, options: BookModelOptions = {}): Sequential {
  const seed = options.seed ?? 0;
  const classes = options.classes ?? 5;
  if (!Number.isInteger(classes) || classes < 2) {
    refuse(ValueError, 'bookModel', 'classes', 'an integer of at least 2', String(options.classes));
  }
  const tn = (stddev: number, offset: number) => truncatedNormal({ stddev, seed: seed + offset });
  switch (name) {
    case 'logistic':
      return new Sequential([new Dense(PIXELS, classes, { name: 'logistic' })], { inputShape: [PIXELS], name });
    case 'hidden':
      return new Sequential(
        [
          new Dense(PIXELS, 128, { weights: tn(1 / Math.sqrt(PIXELS), 0), bias: constant(0.1), name: 'hidden' }),
          new Sigmoid(),
          new Dense(128, classes, { weights: tn(1 / Math.sqrt(classes), 1), bias: constant(0.1), name: 'output' }),
        ],
        { inputShape: [PIXELS], name },
      );
    case 'mlp':
      return new Sequential(
        [
          new Dense(PIXELS, 128, { weights: tn(1 / Math.sqrt(PIXELS), 0), bias: constant(0.1), name: 'hidden1' }),
          new Sigmoid(),
          new Dense(128, 32, { weights: tn(2 / Math.sqrt(128), 1), bias: constant(0.2), name: 'hidden2' }),
          new Sigmoid(),
          new Dense(32, classes, { weights: tn(1 / Math.sqrt(classes), 2), bias: constant(0.1), name: 'output' }),
        ],
        { inputShape: [PIXELS], name },
      );
    case 'cnn':
      // Chapter 3: 5x5 convolution with 4 filters, ReLU, 2x2 max-pooling, dense 32 ReLU, dropout 0.5.
      return new Sequential(
        [
          new Reshape([36, 36, 1]),
          new Conv2D(1, 4, { kernelSize: 5, weights: tn(1 / Math.sqrt(25), 0), bias: constant(0.1), name: 'conv1' }),
          new ReLU(),
          new MaxPool2D({ size: 2 }),
          new Flatten(),
          new Dense(18 * 18 * 4, 32, {
            weights: tn(2 / Math.sqrt(18 * 18 * 4), 1),
            bias: constant(0.2),
            name: 'hidden',
          }),
          new ReLU(),
          new Dropout(0.5, { seed }),
          new Dense(32, classes, { weights: tn(1 / Math.sqrt(32), 2), bias: constant(0.1), name: 'output' }),
        ],
        { inputShape: [PIXELS], name },
      );
    case 'cnn2':
      // Chapter 3: two 3x3 convolutions (16, then 4 filters), each followed by 2x2 max-pooling.
      return new Sequential(
        [
          new Reshape([36, 36, 1]),
          new Conv2D(1, 16, { kernelSize: 3, weights: tn(1 / Math.sqrt(9), 0), bias: constant(0.1), name: 'conv1' }),
          new ReLU(),
          new MaxPool2D({ size: 2 }),
          new Conv2D(16, 4, { kernelSize: 3, weights: tn(1 / Math.sqrt(9), 1), bias: constant(0.1), name: 'conv2' }),
          new ReLU(),
          new MaxPool2D({ size: 2 }),
          new Flatten(),
          new Dense(9 * 9 * 4, 32, { weights: tn(2 / Math.sqrt(9 * 9 * 4), 2), bias: constant(0.2), name: 'hidden' }),
          new ReLU(),
          new Dropout(0.5, { seed }),
          new Dense(32, classes, { weights: tn(1 / Math.sqrt(32), 3), bias: constant(0.1), name: 'output' }),
        ],
        { inputShape: [PIXELS], name },
      );
    default:
      return refuse(ValueError, 'bookModel', 'name', `one of ${BOOK_MODELS.join(', ')}`, describeValue(name));
  }
}
