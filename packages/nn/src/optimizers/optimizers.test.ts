import { Variable } from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import { assertClose, BACKENDS } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { Momentum } from './momentum.js';
import { SGD } from './sgd.js';

// Three steps on p = [1, -2] with fixed gradients, against the update rules in float64.
const GRADS = [
  [0.5, -1],
  [0.25, 0.5],
  [-1, 2],
];

function referenceRun(update: (p: number, g: number, state: Record<string, number>, t: number) => number): number[] {
  return [1, -2].map((p0, i) => {
    const state: Record<string, number> = {};
    let p = p0;
    GRADS.forEach((g, t) => {
      p = update(p, g[i] as number, state, t + 1);
    });
    return p;
  });
}

describe.each(BACKENDS)('optimizers on %s', (backend) => {
  beforeAll(() => T.setBackend(backend));

  function run(optimizer: SGD | Momentum | Adam): number[] {
    const p = new Variable(T.tensor([1, -2]), { name: 'p' });
    for (const g of GRADS) optimizer.step([p], [T.tensor(g)]);
    return Array.from(p.value.dataSync());
  }

  it('SGD: p <- p - lr g', () => {
    assertClose(
      run(new SGD(0.1)),
      referenceRun((p, g) => p - 0.1 * g),
      { rtol: 1e-6 },
    );
  });

  it('Momentum: v <- mu v + g; p <- p - lr v', () => {
    const expected = referenceRun((p, g, s) => {
      s.v = 0.9 * (s.v ?? 0) + g;
      return p - 0.1 * s.v;
    });
    assertClose(run(new Momentum(0.1, { momentum: 0.9 })), expected, { rtol: 1e-6 });
  });

  it('Adam: bias-corrected moments', () => {
    const expected = referenceRun((p, g, s, t) => {
      s.m = 0.9 * (s.m ?? 0) + 0.1 * g;
      s.v = 0.999 * (s.v ?? 0) + 0.001 * g * g;
      const mHat = s.m / (1 - 0.9 ** t);
      const vHat = s.v / (1 - 0.999 ** t);
      return p - (0.01 * mHat) / (Math.sqrt(vHat) + 1e-8);
    });
    assertClose(run(new Adam(0.01)), expected, { rtol: 1e-5 });
  });

  it('state round-trips: a restored optimizer continues exactly', () => {
    const a = new Adam(0.01);
    const p = new Variable(T.tensor([1, -2]), { name: 'p' });
    a.step([p], [T.tensor([0.5, -1])]);
    const q = new Variable(T.tensor(p.value.dataSync(), [2]), { name: 'p' });
    const b = new Adam(0.01);
    b.loadState(a.state());
    a.step([p], [T.tensor([0.25, 0.5])]);
    b.step([q], [T.tensor([0.25, 0.5])]);
    expect(Array.from(q.value.dataSync())).toEqual(Array.from(p.value.dataSync()));
    expect(() => new SGD(0.1).loadState(a.state())).toThrow(T.ValueError);
  });

  it('keeps the tensor count constant across steps', () => {
    const optimizer = new Adam(0.01);
    const p = new Variable(T.tensor([1, -2]), { name: 'p' });
    const g = T.tensor([0.1, 0.1]);
    optimizer.step([p], [g]);
    const before = T.memory().numTensors;
    for (let i = 0; i < 100; i++) optimizer.step([p], [g]);
    expect(T.memory().numTensors).toBe(before);
  });

  it.each([0, -0.1, Number.NaN, Number.POSITIVE_INFINITY])('refuses the learning rate %s', (lr) => {
    expect(() => new SGD(lr)).toThrow(/argument 'learningRate' expected a positive finite number/);
  });
});
