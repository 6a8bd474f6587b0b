import { beforeAll, describe, expect, it } from 'vitest';
import { DTypeError, setBackend, tensor } from '../index.js';
import { assertClose, BACKENDS, randomValues } from '../testing.js';
import { abs, exp, log, neg, relu, sigmoid, sqrt, square, step } from './unary.js';

// Transcendental kernels (exp, log, sigmoid) round a little more than one ulp: rtol 1e-5.
const TOL = { rtol: 1e-5, atol: 1e-7 };

describe.each(BACKENDS)('unary ops on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  const x = randomValues(50, 3, -4, 4);
  const positive = randomValues(50, 4, 0.01, 10);

  it.each([
    ['neg', neg, x, (v: number) => -v],
    ['abs', abs, x, Math.abs],
    ['square', square, x, (v: number) => v * v],
    ['exp', exp, x, Math.exp],
    ['log', log, positive, Math.log],
    ['sqrt', sqrt, positive, Math.sqrt],
    ['sigmoid', sigmoid, x, (v: number) => 1 / (1 + Math.exp(-v))],
    ['relu', relu, x, (v: number) => Math.max(v, 0)],
    ['step', step, x, (v: number) => (v > 0 ? 1 : 0)],
  ] as const)('%s matches a float64 reference', (_, op, input, f) => {
    const out = op(tensor(input, [5, 10]));
    expect(out.shape).toEqual([5, 10]);
    assertClose(out.dataSync(), Array.from(input, f), TOL);
  });

  it('log of 0 is -Infinity and sigmoid saturates without NaN', () => {
    expect(log(tensor([0])).dataSync()[0]).toBe(Number.NEGATIVE_INFINITY);
    assertClose(sigmoid(tensor([-100, 100])).dataSync(), [0, 1]);
  });

  it('refuses int32 input to float-only ops', () => {
    expect(() => exp(tensor([1], [1], 'int32'))).toThrow(DTypeError);
    expect(() => exp(tensor([1], [1], 'int32'))).toThrow(/exp: argument 'x' expected dtype float32, got dtype int32/);
  });
});
