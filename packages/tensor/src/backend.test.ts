import { describe, expect, it } from 'vitest';
import { BackendError, getBackend, ready, setBackend, tensor } from './index.js';

describe('backends', () => {
  it('refuses to create tensors before a backend is ready', () => {
    expect(() => tensor([1])).toThrow(BackendError);
    expect(() => tensor([1])).toThrow(/await ready\(\)/);
  });

  it('readies wasm by default', async () => {
    expect(await ready()).toBe('wasm');
    expect(getBackend()).toBe('wasm');
  });

  it('switches between cpu and wasm, keeping values', async () => {
    const x = tensor([1, 2, 3]);
    await setBackend('cpu');
    expect(getBackend()).toBe('cpu');
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3]);
    await setBackend('wasm');
    expect(getBackend()).toBe('wasm');
  });

  it("refuses setBackend('gpu'), naming what it takes", async () => {
    await expect(setBackend('gpu' as never)).rejects.toThrow(BackendError);
    await expect(setBackend('gpu' as never)).rejects.toThrow(
      "setBackend: argument 'name' expected 'cpu' or 'wasm', got \"gpu\"",
    );
  });
});
