import { setBackend } from '@typeflow/tensor';
import { BACKENDS } from '@typeflow/tensor/testing';
import { beforeAll, describe, it } from 'vitest';
import { checkGradients, type GradCase, type Input, type Ops } from './test-check.js';

/**
 * The book's three models (chapters 1-2) on a small batch of 8 random "images" of 36 x 36 = 1296
 * pixels, with both losses: the book's (softmax cross-entropy applied to softmax outputs + 1e-50)
 * and softmax cross-entropy on the logits.
 */
const batch = 8;
const pixels = 1296;
const classes = 5;

const images: Input = { shape: [batch, pixels], seed: 51, min: 0, max: 1 };
const labels: Input = {
  shape: [batch, classes],
  values: Array.from({ length: batch * classes }, (_, i) =>
    i % classes === Math.floor(i / classes) % classes ? 1 : 0,
  ),
};

/** A layer's weight and bias inputs, uniform in about two standard deviations of the book's init. */
function layer(fanIn: number, fanOut: number, seed: number): Input[] {
  const scale = 1 / Math.sqrt(fanIn);
  return [
    { shape: [fanIn, fanOut], seed, min: -2 * scale, max: 2 * scale },
    { shape: [fanOut], seed: seed + 1, min: -0.2, max: 0.2 },
  ];
}

type Loss = <X>(o: Ops<X>, logits: X, y: X) => X;

/** -mean(sum(y * logSoftmax(softmax(logits) + 1e-50), 1)), as the book writes it (1e-50 is 0 in float32). */
const bookLoss: Loss = (o, logits, y) =>
  o.neg(o.mean(o.sum(o.mul(y, o.logSoftmax(o.add(o.softmax(logits), 1e-50))), 1)));
const logitsLoss: Loss = (o, logits, y) => o.neg(o.mean(o.sum(o.mul(y, o.logSoftmax(logits)), 1)));

/** One dense layer, x w + b. */
function dense<X>(o: Ops<X>, x: X, w: X | undefined, b: X | undefined): X {
  if (w === undefined || b === undefined) throw new Error('dense: a parameter is missing');
  return o.add(o.matmul(x, w), b);
}

const models: [string, Input[], <X>(o: Ops<X>, x: X, params: X[]) => X][] = [
  ['logistic 1296 -> 5', layer(pixels, classes, 60), (o, x, [w, b]) => dense(o, x, w, b)],
  [
    'hidden 1296 -> 128 sigmoid -> 5',
    [...layer(pixels, 128, 62), ...layer(128, classes, 64)],
    (o, x, [w1, b1, w2, b2]) => dense(o, o.sigmoid(dense(o, x, w1, b1)), w2, b2),
  ],
  [
    'mlp 1296 -> 128 sigmoid -> 32 sigmoid -> 5',
    [...layer(pixels, 128, 66), ...layer(128, 32, 68), ...layer(32, classes, 70)],
    (o, x, [w1, b1, w2, b2, w3, b3]) => {
      const h1 = o.sigmoid(dense(o, x, w1, b1));
      return dense(o, o.sigmoid(dense(o, h1, w2, b2)), w3, b3);
    },
  ],
];

// Each gradient entry sums at most 8 (batch) or 128 (hidden units) float32 terms, in a different
// order than tfjs: ~100 ulps (6e-6) of the magnitudes summed at worst, hence 1e-5 of the
// gradient's largest entry (the largest error measured was 5% of this budget). Finite differences
// check a seeded sample of 12 entries per parameter.
const tolerance = { tfjs: { rtol: 1e-4, atol: 1e-5 }, fd: { rtol: 1e-4, atol: 1e-5 } };

const cases: [string, GradCase][] = models.flatMap(([name, params, logits]) =>
  (
    [
      ['book loss', bookLoss],
      ['softmax cross-entropy on logits', logitsLoss],
    ] as const
  ).map(([lossName, loss]): [string, GradCase] => [
    `${name}, ${lossName}`,
    {
      f: (o, ...args) => {
        const [x, y] = args.slice(-2) as [(typeof args)[number], (typeof args)[number]];
        return loss(o, logits(o, x, args.slice(0, -2)), y);
      },
      inputs: params,
      constants: [images, labels],
      tolerance,
      fdSamples: 12,
    },
  ]),
);

describe.each(BACKENDS)('book models on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it.each(cases)('%s: gradients match tf.grads and float64 finite differences', async (name, c) => {
    await checkGradients(name, c);
  });
});
