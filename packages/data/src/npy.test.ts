import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { assertNpyArray, type NpyArray, type NpyNumericArray, readNpy, writeNpy } from './npy.js';
import { npyArray, unicodeArray } from './test-arbitraries.js';
import { pythonsWithNumpy, runPython } from './test-numpy.js';
import { FIXTURES } from './test-paths.js';

/** The bytes of a numeric array's data (the tests below read numeric files). */
function bytesOf(array: NpyArray): Uint8Array {
  const { data } = array as NpyNumericArray;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function expectDataError(fn: () => unknown, ...fragments: string[]): DataError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DataError);
  for (const fragment of fragments) expect((caught as DataError).message).toContain(fragment);
  return caught as DataError;
}

function npyWithHeader(header: string): Uint8Array {
  const bytes = new Uint8Array(10 + header.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  return bytes;
}

describe('writeNpy and readNpy', () => {
  it('round-trip every dtype and shape bit for bit', () => {
    fc.assert(
      fc.property(npyArray(), (array) => {
        const back = readNpy(writeNpy(array));
        expect(back.dtype).toBe(array.dtype);
        expect(back.shape).toEqual(array.shape);
        expect(back.data.constructor).toBe(array.data.constructor);
        expect(bytesOf(back)).toEqual(bytesOf(array));
      }),
      { numRuns: 300 },
    );
  });

  it('write the bytes np.save writes, header padded to 64 bytes', () => {
    const mine = writeNpy({ dtype: 'float32', shape: [2, 3], data: Float32Array.from([0, 1, 2, 3, 4, 5]) });
    expect(mine).toEqual(new Uint8Array(readFileSync(join(FIXTURES, 'numpy-f4-2x3.npy'))));
    fc.assert(
      fc.property(npyArray(), (array) => {
        expect((writeNpy(array).length - bytesOf(array).length) % 64).toBe(0);
      }),
    );
  });

  it('read a slice of a larger buffer (a Node Buffer from a pool) into its own aligned memory', () => {
    const bytes = writeNpy({ dtype: 'float64', shape: [2], data: Float64Array.from([1.5, -2]) });
    const pooled = Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from(bytes)]).subarray(3);
    const back = readNpy(pooled);
    expect(Array.from(back.data as Float64Array)).toEqual([1.5, -2]);
    expect((back.data as Float64Array).byteOffset).toBe(0);
  });

  it("read numpy's int64 into int32 when every value fits, and refuse one that does not", () => {
    const bytes = npyWithHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }\n");
    const data = new BigInt64Array([0n, -5n, 2147483647n]);
    const file = new Uint8Array([...bytes, ...new Uint8Array(data.buffer)]);
    expect(readNpy(file)).toEqual({ dtype: 'int32', shape: [3], data: Int32Array.from([0, -5, 2147483647]) });
    expectDataError(
      () => readNpy(readFileSync(join(FIXTURES, 'numpy-i8-too-big.npy')), { file: 'big.npy' }),
      'big.npy',
      'outside the int32 range',
    );
  });

  it('read headers as numpy may write them: any key order, double quotes, Python 2 longs, rank 0', () => {
    const cases: [string, number[]][] = [
      ["{'shape': (2,), 'fortran_order': False, 'descr': '|u1'}", [2]],
      ['{"descr": "|u1", "fortran_order": False, "shape": (1L, 2L)}', [1, 2]],
      ["{'descr': '|u1', 'fortran_order': False, 'shape': (), }", []],
      ["{'descr': '<u1', 'fortran_order': True, 'shape': (2,), }", [2]], // Fortran order means nothing at rank 1
    ];
    for (const [header, shape] of cases) {
      const size = shape.reduce((a, b) => a * b, 1);
      const array = readNpy(new Uint8Array([...npyWithHeader(`${header}\n`), ...new Uint8Array(size)]));
      expect(array.shape).toEqual(shape);
    }
  });

  it('normalize bool bytes to 0 and 1', () => {
    const file = new Uint8Array([
      ...npyWithHeader("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }\n"),
      0,
      7,
      1,
    ]);
    expect(Array.from(readNpy(file).data as Uint8Array)).toEqual([0, 1, 1]);
  });
});

describe("numpy's str arrays (dtype '<U{n}')", () => {
  it('round-trip any strings of any shape', () => {
    fc.assert(
      fc.property(unicodeArray(), (array) => {
        expect(readNpy(writeNpy(array))).toEqual({ ...array, data: [...array.data] });
      }),
      { numRuns: 300 },
    );
  });

  it('write the bytes np.save writes, and read them back (a file written by numpy 2.4)', () => {
    const numpyFile = new Uint8Array(readFileSync(join(FIXTURES, 'numpy-unicode.npy')));
    const names: NpyArray = { dtype: 'unicode', shape: [2, 2], data: ['EB Garamond', 'Ω ü', '😀x', ''] };
    expect(readNpy(numpyFile)).toEqual(names);
    expect(writeNpy(names)).toEqual(numpyFile);
  });

  it('refuse strings with NUL, non-strings, big-endian and unsized str, and non-code points', () => {
    const err = (data: unknown) =>
      expectDataError(() => writeNpy({ dtype: 'unicode', shape: [1], data } as NpyArray), 'writeNpy');
    expect(err(['a\0']).message).toContain('strings without NUL characters');
    expect(err([1]).details.argument).toBe('array.data');
    expect(err(Float32Array.of(1)).details.argument).toBe('array.data');
    expectDataError(() => writeNpy({ dtype: 'unicode', shape: [2], data: ['a'] }), 'length 2 for shape [2]');
    const file = (descr: string, body: number[]) =>
      new Uint8Array([...npyWithHeader(`{'descr': '${descr}', 'fortran_order': False, 'shape': (1,), }\n`), ...body]);
    expectDataError(() => readNpy(file('>U1', [0, 0, 0, 65])), "unsupported dtype '>U1'");
    expectDataError(() => readNpy(file('<U0', [])), "unsupported dtype '<U0'");
    expectDataError(
      () => readNpy(file('<U1', [0, 0, 0x11, 0]), { file: 'n.npy' }),
      'n.npy',
      'not a Unicode code point',
    );
  });

  const pythons = pythonsWithNumpy();
  it.skipIf(pythons.length > 0)('numpy cross-check skipped: no python3 with numpy installed', () => {});
  it.runIf(pythons.length > 0)('load in numpy as the same strings, and numpy files load here', () => {
    const dir = mkdtempSync(join(tmpdir(), 'typeflow-npy-'));
    try {
      const names = ['EB Garamond', 'Ω ü', '😀x', '', 'a b\tc'];
      writeFileSync(join(dir, 'ours.npy'), writeNpy({ dtype: 'unicode', shape: [5], data: names }));
      for (const { python, numpy } of pythons) {
        const code =
          'import json, sys, numpy as np\n' +
          'a = np.load(sys.argv[1] + "/ours.npy")\n' +
          'print(json.dumps([a.dtype.str, list(a.shape), a.tolist()]))\n' +
          'np.save(sys.argv[1] + "/theirs.npy", np.array([["Alfa Slab One", "ß"], ["𝔘", "x"]]))';
        expect(JSON.parse(runPython(python, code, [dir])), `numpy ${numpy}`).toEqual(['<U11', [5], names]);
        expect(readNpy(readFileSync(join(dir, 'theirs.npy'))), `numpy ${numpy}`).toEqual({
          dtype: 'unicode',
          shape: [2, 2],
          data: ['Alfa Slab One', 'ß', '𝔘', 'x'],
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readNpy refuses bad input with a DataError naming the file', () => {
  const good = writeNpy({ dtype: 'int32', shape: [2, 2], data: Int32Array.from([1, 2, 3, 4]) });

  it('bad magic, bad version, truncation, trailing bytes', () => {
    expectDataError(
      () => readNpy(new TextEncoder().encode('PK\x03\x04 not npy'), { file: 'x.npy' }),
      'x.npy',
      'bad magic',
    );
    const version = good.slice();
    version[6] = 4;
    expectDataError(() => readNpy(version), 'unsupported npy format version', '4.0');
    expectDataError(() => readNpy(good.subarray(0, 8)), 'truncated');
    expectDataError(() => readNpy(good.subarray(0, 40)), 'truncated npy header');
    expectDataError(() => readNpy(good.subarray(0, good.length - 1)), 'truncated npy data', '[2, 2] = 16 bytes');
    expectDataError(() => readNpy(new Uint8Array([...good, 0])), 'bytes after the npy data');
  });

  it('bad headers', () => {
    const bad = (header: string) => npyWithHeader(`${header}\n`);
    expectDataError(() => readNpy(bad("{'descr': '<f4', 'fortran_order': False}")), 'bad npy header keys');
    expectDataError(
      () => readNpy(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (2), }")),
      'one-element tuple',
    );
    expectDataError(() => readNpy(bad("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }")), 'bad npy header');
    expectDataError(
      () => readNpy(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }")),
      'expected an integer',
    );
    expectDataError(() => readNpy(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x")), 'text after');
    expectDataError(() => readNpy(bad("{'descr': '<f4', 'descr': '<f4', 'shape': (2,), }")), 'duplicate key');
    expectDataError(
      () => readNpy(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }")),
      'integer too large',
    );
    expectDataError(
      () => readNpy(bad("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }")),
      'truncated npy data',
    );
  });

  it("unsupported dtypes and Fortran order, from numpy's own files", () => {
    expectDataError(
      () => readNpy(readFileSync(join(FIXTURES, 'numpy-big-endian.npy')), { file: 'be.npy' }),
      'be.npy',
      "unsupported dtype '>f4'",
    );
    expectDataError(
      () => readNpy(readFileSync(join(FIXTURES, 'numpy-fortran.npy')), { file: 'f.npy' }),
      'f.npy',
      'Fortran-order array not supported',
    );
    const header = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }\n";
    expectDataError(() => readNpy(npyWithHeader(header)), 'bad npy header');
  });

  it('fuzz: random bytes, truncations and corrupted headers give a DataError or a consistent array', () => {
    const consistentOrDataError = (bytes: Uint8Array) => {
      try {
        assertNpyArray(readNpy(bytes), 'test', 'result');
      } catch (error) {
        expect(error).toBeInstanceOf(DataError);
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), consistentOrDataError), { numRuns: 500 });
    const magicThenNoise = fc
      .uint8Array({ maxLength: 200 })
      .map((b) => new Uint8Array([...good.subarray(0, 10), ...b]));
    fc.assert(fc.property(magicThenNoise, consistentOrDataError), { numRuns: 500 });
    fc.assert(
      fc.property(npyArray(), fc.nat(), fc.nat(255), (array, at, value) => {
        const bytes = writeNpy(array);
        const headerEnd = bytes.length - bytesOf(array).length;
        const corrupted = bytes.slice();
        corrupted[at % headerEnd] = value;
        consistentOrDataError(corrupted);
        expect(() => readNpy(bytes.subarray(0, at % bytes.length))).toThrow(DataError); // every strict prefix
      }),
      { numRuns: 500 },
    );
  });
});

describe('writeNpy refuses inconsistent arrays', () => {
  it('names the field at fault', () => {
    const err = (array: unknown) => expectDataError(() => writeNpy(array as NpyArray), 'writeNpy');
    expect(err({ dtype: 'int64', shape: [1], data: new Int32Array(1) }).details.argument).toBe('array.dtype');
    expect(err({ dtype: 'int32', shape: [-1], data: new Int32Array(1) }).details.argument).toBe('array.shape');
    expect(err({ dtype: 'int32', shape: [1], data: new Float32Array(1) }).details.argument).toBe('array.data');
    expect(err({ dtype: 'int32', shape: [2, 2], data: new Int32Array(3) }).details.argument).toBe('array.data');
    expect(err(null).details.argument).toBe('array');
  });
});
