import { setBackend } from '@typeflow/tensor';
import { BACKENDS } from '@typeflow/tensor/testing';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { checkGradients, type TestFunction } from '../test-check.js';

// As in elementwise.test.ts: a few float32 ulps, plus reduceToShape's sums of at most 4 x 4 x 4 terms.
const tolerance = { tfjs: { rtol: 1e-5, atol: 1e-6 }, fd: { rtol: 1e-5, atol: 1e-6 } };

/** A shape that broadcasts to `out`: some leading axes dropped, some axes set to 1. */
function broadcastsTo(out: number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    )
    .map(([drop, ones]) => out.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
}

/** numpy's broadcast of two shapes (both broadcast to a common shape by construction). */
function broadcast(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => Math.max(a[a.length - rank + i] ?? 1, b[b.length - rank + i] ?? 1));
}

const shapePairs = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((out) => fc.tuple(broadcastsTo(out), broadcastsTo(out), fc.integer({ min: 1, max: 1_000_000 })));

const ops: [string, TestFunction][] = [
  ['add', (o, a, b, w) => o.sum(o.mul(o.add(a, b), w))],
  ['sub', (o, a, b, w) => o.sum(o.mul(o.sub(a, b), w))],
  ['mul', (o, a, b, w) => o.sum(o.mul(o.mul(a, b), w))],
  ['div', (o, a, b, w) => o.sum(o.mul(o.div(a, b), w))],
];

describe.each(BACKENDS)('broadcasting rules on %s (property-based)', (backend) => {
  beforeAll(() => setBackend(backend));

  it.each(ops)(
    '%s: over random broadcast shapes, each gradient has its input shape and equals tf.grads',
    async (name, f) => {
      await fc.assert(
        fc.asyncProperty(shapePairs, async ([a, b, seed]) => {
          // checkGradients asserts each gradient's shape, then its values against tf.grads and float64.
          await checkGradients(`${name} ${JSON.stringify(a)} ${JSON.stringify(b)}`, {
            f,
            inputs: [
              { shape: a, seed },
              { shape: b, seed: seed + 1, min: 0.5, max: 2 },
            ],
            constants: [{ shape: broadcast(a, b), seed: seed + 2 }],
            tolerance,
          });
        }),
        { numRuns: 40 },
      );
    },
  );
});
