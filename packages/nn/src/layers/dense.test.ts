import { square, sum, variableGrads } from '@typeflow/autograd';
import * as T from '@typeflow/tensor';
import { assertClose, randomValues } from '@typeflow/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { truncatedNormal } from '../initializers.js';
import { ReLU, Sigmoid } from './activations.js';
import { Dense } from './dense.js';

describe('Dense with a fused activation', () => {
  beforeAll(() => T.setBackend('wasm'));
  const x = () => T.tensor(randomValues(8 * 6, 21), [8, 6]);

  it.each([
    ['sigmoid', new Sigmoid()],
    ['relu', new ReLU()],
  ] as const)('%s: the same values and gradients as Dense followed by the activation layer', (activation, layer) => {
    const init = { weights: truncatedNormal({ stddev: 1, seed: 4 }), bias: truncatedNormal({ stddev: 1, seed: 5 }) };
    const fused = new Dense(6, 3, { ...init, activation });
    const plain = new Dense(6, 3, init);
    const input = x();
    const a = variableGrads(() => sum(square(fused.forward(input))), fused.parameters());
    const b = variableGrads(() => sum(square(layer.forward(plain.forward(input)))), plain.parameters());
    // One fused kernel vs separate ones: float32 rounding apart.
    assertClose([a.value.item()], [b.value.item()], { rtol: 1e-6 });
    expect(Math.max(...(a.grads[0]?.dataSync() ?? []).map(Math.abs))).toBeGreaterThan(0);
    a.grads.forEach((g, i) => {
      assertClose(g.dataSync(), (b.grads[i] as T.Tensor).dataSync(), { rtol: 1e-5, atol: 1e-6 });
    });
  });

  it('defaults to no activation and refuses an unknown one', () => {
    expect(new Dense(2, 2).activation).toBe('linear');
    expect(() => new Dense(2, 2, { activation: 'tanh' as 'relu' })).toThrow(
      'Dense: argument \'activation\' expected one of linear, sigmoid, relu, got "tanh"',
    );
  });
});
