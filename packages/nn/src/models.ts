import { refuse, ValueError } from '@typeflow/tensor';
import { constant, truncatedNormal } from './initializers.js';
import { Sigmoid } from './layers/activations.js';
import { Dense } from './layers/dense.js';
import { Sequential } from './layers/sequential.js';
import type { LossName } from './losses.js';

export type BookModelName = 'logistic' | 'hidden' | 'mlp';

/** How the book trains a model: full-batch gradient descent with its loss, rate and epochs. */
export interface Recipe {
  readonly learningRate: number;
  readonly epochs: number;
  readonly loss: LossName;
  readonly batchSize: number | 'full';
  readonly evalEvery: number;
}

export const BOOK_MODELS: readonly BookModelName[] = ['logistic', 'hidden', 'mlp'];

/** The book's recipes (chapters 1-2), from DESIGN.md's table. */
export const BOOK_RECIPES: Readonly<Record<BookModelName, Recipe>> = {
  logistic: { learningRate: 0.02, epochs: 1000, loss: 'book', batchSize: 'full', evalEvery: 10 },
  hidden: { learningRate: 0.01, epochs: 5000, loss: 'book', batchSize: 'full', evalEvery: 10 },
  mlp: { learningRate: 0.01, epochs: 25000, loss: 'book', batchSize: 'full', evalEvery: 10 },
};

const PIXELS = 36 * 36;
const FONTS = 5;

/**
 * The book's models, built exactly as the book builds them (sizes, initializers). They output
 * logits; the book's final softmax is applied by the loss (`book`) or by `softmax()` to predict.
 * Weights: truncated normal with the book's standard deviations; `seed` draws W1 with seed, W2 with
 * seed + 1, and so on.
 */
export function bookModel(name: BookModelName, options: { readonly seed?: number } = {}): Sequential {
  const seed = options.seed ?? 0;
  const tn = (stddev: number, offset: number) => truncatedNormal({ stddev, seed: seed + offset });
  switch (name) {
    case 'logistic':
      return new Sequential([new Dense(PIXELS, FONTS, { name: 'logistic' })], { inputShape: [PIXELS], name });
    case 'hidden':
      return new Sequential(
        [
          new Dense(PIXELS, 128, { weights: tn(1 / Math.sqrt(PIXELS), 0), bias: constant(0.1), name: 'hidden' }),
          new Sigmoid(),
          new Dense(128, FONTS, { weights: tn(1 / Math.sqrt(FONTS), 1), bias: constant(0.1), name: 'output' }),
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
          new Dense(32, FONTS, { weights: tn(1 / Math.sqrt(FONTS), 2), bias: constant(0.1), name: 'output' }),
        ],
        { inputShape: [PIXELS], name },
      );
    default:
      return refuse(ValueError, 'bookModel', 'name', `one of ${BOOK_MODELS.join(', ')}`, String(name));
  }
}
