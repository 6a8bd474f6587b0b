import { beforeAll, describe, expect, it } from 'vitest';
import { add, dispose, exp, keep, matmul, memory, scope, setBackend, sum, TypeflowError, tensor } from './index.js';
import { BACKENDS } from './testing.js';

describe.each(BACKENDS)('memory on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it('is unchanged after 10,000 scoped op calls', () => {
    const w = tensor([
      [1, 2],
      [3, 4],
    ]);
    const before = memory().numTensors;
    for (let i = 0; i < 10_000; i++) {
      scope(() => {
        sum(exp(add(matmul(w, w), 1)));
      });
    }
    expect(memory().numTensors).toBe(before);
    w.dispose();
  });

  it('keeps what the scope returns, in arrays and objects, and releases the rest', () => {
    const before = memory().numTensors;
    const { a, list } = scope(() => {
      const x = tensor([1, 2]);
      return { a: add(x, 1), list: [exp(x)] };
    });
    expect(memory().numTensors).toBe(before + 2);
    expect(Array.from(a.dataSync())).toEqual([2, 3]);
    dispose({ a, list });
    expect(memory().numTensors).toBe(before);
  });

  it('keep() survives the scope; a number operand leaves nothing behind', () => {
    const before = memory().numTensors;
    let kept = tensor([0]);
    kept.dispose();
    scope(() => {
      kept = keep(tensor([5]));
    });
    expect(memory().numTensors).toBe(before + 1);
    const x = add(kept, 1);
    expect(memory().numTensors).toBe(before + 2);
    dispose([x, kept]);
    expect(memory().numTensors).toBe(before);
  });

  it('refuses an async function', () => {
    expect(() => scope(async () => 1)).toThrow(TypeflowError);
  });

  it('refuses a disposed tensor by name', () => {
    const x = tensor([1]);
    x.dispose();
    expect(() => exp(x)).toThrow("exp: argument 'x' expected a live Tensor, got a disposed Tensor");
  });
});
