import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { type NpyArray, writeNpy } from './npy.js';
import { readNpz, writeNpz } from './npz.js';
import { npyArray } from './test-arbitraries.js';
import { FIXTURES } from './test-paths.js';

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const arrays = fc.dictionary(name, npyArray(), { maxKeys: 4 });

const small: Record<string, NpyArray> = {
  W: { dtype: 'float32', shape: [2, 2], data: Float32Array.from([0.5, -1, 2, 3]) },
  b: { dtype: 'int32', shape: [2], data: Int32Array.from([7, -7]) },
};

function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('writeNpz and readNpz', () => {
  it('round-trip any arrays, stored or deflated', () => {
    fc.assert(
      fc.property(arrays, fc.boolean(), (input, compress) => {
        expect(readNpz(writeNpz(input, { compress }))).toEqual(input);
      }),
      { numRuns: 200 },
    );
  });

  it('give the same bytes for the same arrays (a fixed zip timestamp)', () => {
    expect(writeNpz(small)).toEqual(writeNpz(small));
  });

  it("read numpy's np.savez and np.savez_compressed files", () => {
    for (const file of ['numpy-savez.npz', 'numpy-savez-compressed.npz']) {
      const a = readNpz(readFileSync(join(FIXTURES, file)), { file });
      expect(Object.keys(a)).toEqual(['u1', 'i4', 'f4', 'f8', 'f8_scalar', 'b1', 'rank3', 'i8', 'empty']);
      expect(a.u1).toEqual({ dtype: 'uint8', shape: [3], data: Uint8Array.from([0, 1, 255]) });
      expect(a.i4).toEqual({ dtype: 'int32', shape: [2, 2], data: Int32Array.from([-2147483648, -1, 0, 2147483647]) });
      const f4 = Array.from((a.f4?.data ?? []) as Float32Array);
      expect(f4.slice(0, 4)).toEqual([1.5, -0, Infinity, -Infinity]);
      expect(Object.is(f4[1], -0)).toBe(true);
      expect(f4[4]).toBeNaN();
      expect(f4[5]).toBe(Math.fround(3.4028235e38));
      expect(a.f8).toEqual({ dtype: 'float64', shape: [2], data: Float64Array.from([Math.PI, -1e-300]) });
      expect(a.f8_scalar).toEqual({ dtype: 'float64', shape: [], data: Float64Array.from([2.5]) });
      expect(a.b1).toEqual({ dtype: 'bool', shape: [4], data: Uint8Array.from([1, 0, 0, 1]) });
      expect(a.rank3).toEqual({ dtype: 'uint8', shape: [2, 3, 4], data: Uint8Array.from({ length: 24 }, (_, i) => i) });
      expect(a.i8).toEqual({ dtype: 'int32', shape: [5], data: Int32Array.from([0, 1, 4, -7, 2147483647]) });
      expect(a.empty).toEqual({ dtype: 'float32', shape: [0, 3], data: new Float32Array(0) });
    }
  });
});

describe('readNpz refuses bad input with a DataError naming the file', () => {
  const good = writeNpz(small);

  it('not a zip, truncated, not .npy entries, a bad npy inside', () => {
    expect(dataError(() => readNpz(new TextEncoder().encode('hello'), { file: 'a.npz' })).message).toBe(
      'a.npz: not a zip file (an npz is a zip of .npy files)',
    );
    expect(dataError(() => readNpz(writeNpy(small.b as NpyArray), { file: 'a.npz' })).message).toContain('not a zip');
    expect(dataError(() => readNpz(good.subarray(0, 100), { file: 'a.npz' })).message).toMatch(
      /^a\.npz: corrupt or truncated zip/,
    );
    expect(dataError(() => readNpz(good.subarray(0, 10), { file: 'a.npz' })).message).toBe('a.npz: truncated zip');
    const text = zipSync({ 'notes.txt': new Uint8Array([104, 105]) });
    expect(dataError(() => readNpz(text, { file: 'a.npz' })).message).toContain("zip entry 'notes.txt' is not an .npy");
    const badNpy = zipSync({ 'x.npy': new Uint8Array([1, 2, 3]) }, { level: 0 });
    const error = dataError(() => readNpz(badNpy, { file: 'a.npz' }));
    expect(error.message).toContain('a.npz/x.npy: not an npy file (bad magic)');
    expect(error.details.file).toBe('a.npz/x.npy');
  });

  it('a corrupted byte inside a stored array fails its CRC-32', () => {
    const data = new Uint8Array(((small.W as NpyArray).data as Float32Array).buffer);
    const at = good.findIndex((_, i) => data.every((byte, k) => good[i + k] === byte));
    expect(at).toBeGreaterThan(0);
    const corrupted = good.slice();
    corrupted[at] = (corrupted[at] as number) ^ 1;
    expect(dataError(() => readNpz(corrupted, { file: 'w.npz' })).message).toBe(
      "w.npz: corrupt zip: CRC-32 mismatch in entry 'W.npy'",
    );
  });

  it('fuzz: every truncation fails, every single-byte change fails or changes nothing', () => {
    for (const file of [good, writeNpz(small, { compress: true })]) {
      for (let length = 0; length < file.length; length++) {
        expect(() => readNpz(file.subarray(0, length))).toThrow(DataError);
      }
      for (let at = 0; at < file.length; at++) {
        for (const flip of [0x01, 0x80, 0xff]) {
          const corrupted = file.slice();
          corrupted[at] = (corrupted[at] as number) ^ flip;
          try {
            expect(readNpz(corrupted)).toEqual(small); // e.g. a timestamp or a version field
          } catch (error) {
            expect(error).toBeInstanceOf(DataError);
          }
        }
      }
    }
  });

  it('fuzz: random bytes, with or without a zip signature, give a DataError', () => {
    const noise = fc.uint8Array({ maxLength: 400 });
    const signed = noise.map((b) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...b]));
    const ending = noise.map((b) => new Uint8Array([...b, 0x50, 0x4b, 0x05, 0x06, ...new Uint8Array(18).fill(1)]));
    for (const bytes of [noise, signed, ending]) {
      fc.assert(
        fc.property(bytes, (b) => {
          expect(() => readNpz(b)).toThrow(DataError);
        }),
        { numRuns: 300 },
      );
    }
  });
});

describe('writeNpz refuses bad arrays', () => {
  it('names the array at fault', () => {
    expect(
      dataError(() => writeNpz({ W: { dtype: 'float32', shape: [3], data: new Float32Array(2) } })).details,
    ).toEqual(expect.objectContaining({ argument: 'arrays.W.data' }));
    expect(dataError(() => writeNpz(null as never)).details.argument).toBe('arrays');
    expect(dataError(() => writeNpz({ 'a/b': small.b as NpyArray })).message).toContain('names without "/"');
  });
});
