import { Variable } from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import { assertClose, BACKENDS, randomValues } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointArrays } from '../checkpoint.js';
import { truncatedNormal } from '../initializers.js';
import { Dense } from '../layers/dense.js';
import { Sequential } from '../layers/sequential.js';
import { differingWeights } from '../test-data.js';
import { trainStep } from '../train-step.js';
import { Adam } from './adam.js';
import { Momentum } from './momentum.js';
import { Optimizer } from './optimizer.js';
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

  it('Adam: the fused kernel gives bit for bit the tensor ops results, through a state round trip', () => {
    // Adam written with tensor ops alone: the base class's step, one `update` per parameter.
    class TensorOpsAdam extends Adam {
      override step(parameters: readonly Variable[], grads: readonly T.Tensor[]): void {
        Optimizer.prototype.step.call(this, parameters, grads);
      }
    }
    const shapes = [[37, 9], [9], [5]];
    const make = () =>
      shapes.map(
        (s, i) =>
          new Variable(
            T.tensor(
              randomValues(
                s.reduce((a, b) => a * b, 1),
                i,
              ),
              s,
            ),
          ),
      );
    const fused = make();
    const ops = make();
    const a = new Adam(0.02);
    const b = new TensorOpsAdam(0.02);
    for (let step = 0; step < 12; step++) {
      const grads = shapes.map((s, i) =>
        T.tensor(
          randomValues(
            s.reduce((x, y) => x * y, 1),
            100 * step + i,
            -3,
            3,
          ),
          s,
        ),
      );
      a.setLearningRate(0.02 / (step + 1));
      b.setLearningRate(0.02 / (step + 1));
      a.step(fused, grads);
      b.step(ops, grads);
      T.dispose(grads);
      if (step === 5) {
        // Mid-run the fused moments go into a state and back: the run continues as if uninterrupted.
        const names = new Map(fused.map((p, i) => [`p${i}`, p]));
        const state = a.state(names);
        expect(state.slots['m/p0']?.data).toEqual(
          b.state(new Map(ops.map((p, i) => [`p${i}`, p]))).slots['m/p0']?.data,
        );
        a.loadState(state, names);
      }
    }
    fused.forEach((p, i) => {
      expect(Array.from(p.value.dataSync())).toEqual(Array.from(ops[i]?.value.dataSync() ?? []));
    });
  });

  it('state round-trips: a restored optimizer continues exactly', () => {
    const a = new Adam(0.01);
    const p = new Variable(T.tensor([1, -2]));
    a.step([p], [T.tensor([0.5, -1])]);
    const state = a.state(new Map([['W', p]]));
    expect(Object.keys(state.slots).sort()).toEqual(['m/W', 'v/W']);
    const q = new Variable(T.tensor(p.value.dataSync(), [2]));
    const b = new Adam(0.01);
    b.loadState(state, new Map([['W', q]]));
    a.step([p], [T.tensor([0.25, 0.5])]);
    b.step([q], [T.tensor([0.25, 0.5])]);
    expect(Array.from(q.value.dataSync())).toEqual(Array.from(p.value.dataSync()));
    expect(() => new SGD(0.1).loadState(state, new Map([['W', q]]))).toThrow(T.ValueError);
  });

  it('refuses a state for other parameters, and names missing for state', () => {
    const p = new Variable(T.tensor([1, -2]));
    const optimizer = new Momentum(0.1);
    optimizer.step([p], [T.tensor([0.5, -1])]);
    const state = optimizer.state(new Map([['W1', p]]));
    expect(() => new Momentum(0.1).loadState(state, new Map([['W', p]]))).toThrow(
      "momentum: argument 'state' expected slots named kind/parameter, with parameters W, got 'v/W1'",
    );
    const wide = new Variable(T.tensor([1, 2, 3]));
    expect(() => new Momentum(0.1).loadState(state, new Map([['W1', wide]]))).toThrow(
      "momentum: argument 'state' expected slot 'v/W1' of shape [3], got [2]",
    );
    expect(() => optimizer.state(new Map())).toThrow(/a name for every parameter this optimizer updated/);
  });

  // Optimizer state belongs to each Variable: names (the layers' defaults repeat) play no part.
  it.each([
    ['Adam', () => new Adam(0.05)],
    ['Momentum', () => new Momentum(0.5)],
  ])('%s: two unnamed Dense layers of the same shape train exactly like two named ones', (_, optimizer) => {
    const model = (names: (string | undefined)[]) =>
      new Sequential(
        names.map(
          (name, i) =>
            new Dense(8, 8, { weights: truncatedNormal({ stddev: 0.5, seed: i + 1 }), activation: 'sigmoid', name }),
        ),
        { inputShape: [8] },
      );
    const x = T.tensor(randomValues(16 * 8, 3), [16, 8]);
    const labels = T.oneHot(
      T.tensor(
        Int32Array.from({ length: 16 }, (_, i) => i % 8),
        [16],
        'int32',
      ),
      8,
    );
    const train = (m: Sequential) => {
      const o = optimizer();
      for (let step = 0; step < 20; step++) trainStep(m, x, labels, { loss: 'softmax', optimizer: o });
      o.dispose();
      return checkpointArrays(m);
    };
    const unnamed = model([undefined, undefined]);
    const named = model(['first', 'second']);
    expect(unnamed.layers[0]?.name).toBe(unnamed.layers[1]?.name);
    expect(differingWeights(train(unnamed), train(named))).toEqual({ W1: 0, W2: 0, b1: 0, b2: 0 });
    T.dispose([x, labels]);
    unnamed.dispose();
    named.dispose();
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
