import { beforeAll, describe, expect, it } from 'vitest';
import { ShapeError, setBackend, tensor, ValueError } from '../index.js';
import { assertClose, BACKENDS, randomValues } from '../testing.js';
import { type FusedActivation, fusedMatmul } from './fused-matmul.js';

const ACTIVATE: Record<FusedActivation, (v: number) => number> = {
  linear: (v) => v,
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  relu: (v) => Math.max(v, 0),
};

/** Float64 activation(a b + bias) for [m, k] x [k, n]. */
function reference(
  a: Float32Array,
  b: Float32Array,
  bias: Float32Array,
  m: number,
  k: number,
  n: number,
  act: FusedActivation,
) {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias[j] as number;
      for (let p = 0; p < k; p++) s += (a[i * k + p] as number) * (b[p * n + j] as number);
      out.push(ACTIVATE[act](s));
    }
  }
  return out;
}

// Sums of 64 float32 products, then a transcendental: as matmul's tolerance.
const TOL = { rtol: 1e-5, atol: 1e-5 };

describe.each(BACKENDS)('fusedMatmul on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  const [m, k, n] = [7, 64, 5];
  const a = randomValues(m * k, 11);
  const b = randomValues(k * n, 12);
  const bias = randomValues(n, 13);

  it.each(['linear', 'sigmoid', 'relu'] as const)('computes %s(a b + bias)', (activation) => {
    const out = fusedMatmul(tensor(a, [m, k]), tensor(b, [k, n]), { bias: tensor(bias, [n]), activation });
    expect(out.shape).toEqual([m, n]);
    assertClose(out.dataSync(), reference(a, b, bias, m, k, n, activation), TOL);
  });

  it('is a plain product without bias or activation', () => {
    const out = fusedMatmul(tensor(a, [m, k]), tensor(b, [k, n]));
    assertClose(out.dataSync(), reference(a, b, new Float32Array(n), m, k, n, 'linear'), TOL);
  });

  it('refuses mismatched shapes and unknown activations, naming the argument', () => {
    const x = tensor(a, [m, k]);
    const w = tensor(b, [k, n]);
    expect(() => fusedMatmul(x, tensor(b, [n, k]))).toThrow(ShapeError);
    expect(() => fusedMatmul(x, w, { bias: tensor([1, 2], [2]) })).toThrow(
      "fusedMatmul: argument 'bias' expected shape [5], got [2]",
    );
    expect(() => fusedMatmul(x, w, { activation: 'tanh' as FusedActivation })).toThrow(ValueError);
  });
});
