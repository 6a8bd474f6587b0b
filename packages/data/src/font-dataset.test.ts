import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { loadNpz, saveNpz } from './files.js';
import {
  type FontDataset,
  fontDatasetFromArrays,
  fontDatasetToArrays,
  loadFontDataset,
  saveFontDataset,
} from './font-dataset.js';
import type { NpyArray } from './npy.js';
import { pythonsWithNumpy, runPython } from './test-numpy.js';
import { BOOK_DATA } from './test-paths.js';

let dir: string;
let book: FontDataset;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'typeflow-data-'));
  book = await loadFontDataset(BOOK_DATA);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function loadError(path: string): Promise<DataError> {
  const error = await loadFontDataset(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

const images = (n: number): NpyArray => ({ dtype: 'uint8', shape: [n, 2, 2], data: new Uint8Array(n * 4) });
const labels = (values: number[], dtype: 'uint8' | 'int32' = 'uint8'): NpyArray => ({
  dtype,
  shape: [values.length],
  data: dtype === 'uint8' ? Uint8Array.from(values) : Int32Array.from(values),
});

describe("the book's data_with_labels.npz", () => {
  it('loads 2790 images of 36x36 with 558 of each of 5 fonts, in font order', () => {
    expect(book.count).toBe(2790);
    expect([book.height, book.width, book.classes]).toEqual([36, 36, 5]);
    expect(book.images.length).toBe(2790 * 36 * 36);
    expect(book.labels.every((label, i) => label === Math.floor(i / 558))).toBe(true);
    expect(book.classNames).toEqual(['font 0', 'font 1', 'font 2', 'font 3', 'font 4']);
  });

  it('has the pixel statistics numpy reports (mean 17.3079 on 0..255)', () => {
    let sum = 0;
    let max = 0;
    for (const v of book.images) {
      sum += v;
      if (v > max) max = v;
    }
    expect(sum / book.images.length).toBeCloseTo(17.307915, 5); // numpy: d['arr_0'].mean()
    expect(max).toBe(255);
  });

  it('saves and loads back unchanged, with the class names, and numpy layout arr_0/arr_1', async () => {
    const path = join(dir, 'book.npz');
    await saveFontDataset(path, { ...book, classNames: ['a', 'b', 'c', 'd', 'e'] });
    const back = await loadFontDataset(path);
    // Buffer#equals: vitest's deep equality takes seconds on 3.6 million pixels.
    expect(Buffer.from(back.images).equals(book.images)).toBe(true);
    expect(Buffer.from(back.labels).equals(book.labels)).toBe(true);
    expect(back.classNames).toEqual(['a', 'b', 'c', 'd', 'e']);
    const arrays = await loadNpz(path);
    expect(arrays.arr_0?.shape).toEqual([2790, 36, 36]);
    expect(arrays.arr_1?.dtype).toBe('uint8');
    expect(arrays.arr_1?.shape).toEqual([2790]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]); // the temp file was renamed
  });
});

describe('class names in a dataset file', () => {
  const seven = ['EB Garamond', 'Oswald Light', 'Ω-serif', 'Dancing Script', 'Alfa Slab One', 'B', 'C'];
  const small = () => fontDatasetFromArrays(images(7), labels([0, 1, 2, 3, 4, 5, 6]), { classNames: seven });

  it("are numpy's str array 'class_names', one per class, loaded back in order", async () => {
    const path = join(dir, 'seven.npz');
    await saveFontDataset(path, small());
    expect((await loadNpz(path)).class_names).toEqual({ dtype: 'unicode', shape: [7], data: seven });
    expect((await loadFontDataset(path)).classNames).toEqual(seven);
  });

  it('are read from files older typeflow versions wrote (UTF-8 JSON in a uint8 array)', async () => {
    const path = join(dir, 'legacy.npz');
    const json = new TextEncoder().encode(JSON.stringify(['x', 'y']));
    await saveNpz(path, {
      arr_0: images(2),
      arr_1: labels([0, 1]),
      class_names: { dtype: 'uint8', shape: [json.length], data: json },
    });
    expect((await loadFontDataset(path)).classNames).toEqual(['x', 'y']);
    await saveNpz(path, {
      arr_0: images(2),
      arr_1: labels([0, 1]),
      class_names: { dtype: 'float32', shape: [2], data: new Float32Array(2) },
    });
    expect((await loadError(path)).message).toContain('class_names.npy: bad class names');
  });

  it('must be distinct and non-empty', () => {
    for (const names of [
      ['a', 'a'],
      ['a', ''],
      ['a', 'b\0'],
    ]) {
      expect(() => fontDatasetFromArrays(images(2), labels([0, 1]), { classNames: names })).toThrow(
        "argument 'classNames' expected 2 distinct non-empty strings",
      );
    }
  });

  const pythons = pythonsWithNumpy();
  it.skipIf(pythons.length > 0)('numpy cross-check skipped: no python3 with numpy installed', () => {});
  it.runIf(pythons.length > 0)('load in numpy as the same names, and a dataset numpy writes loads here', async () => {
    const path = join(dir, 'seven.npz');
    await saveFontDataset(path, small());
    for (const { python, numpy } of pythons) {
      const code =
        'import json, sys, numpy as np\n' +
        'd = np.load(sys.argv[1])\n' +
        'print(json.dumps([d["class_names"].tolist(), d["arr_0"].shape, d["arr_1"].tolist()]))\n' +
        'np.savez(sys.argv[2], d["arr_0"][:2], np.array([1, 0]), class_names=np.array(["serif", "sans"]))';
      const theirs = join(dir, 'theirs.npz');
      const seen = JSON.parse(runPython(python, code, [path, theirs]));
      expect(seen, `numpy ${numpy}`).toEqual([seven, [7, 2, 2], [0, 1, 2, 3, 4, 5, 6]]);
      const back = await loadFontDataset(theirs);
      expect([back.classes, back.classNames, [...back.labels]], `numpy ${numpy}`).toEqual([
        2,
        ['serif', 'sans'],
        [1, 0],
      ]);
    }
  });
});

describe('loadFontDataset refuses bad files, naming the file and the fault', () => {
  it('a missing file, not a zip, a truncated file', async () => {
    expect((await loadError(join(dir, 'none.npz'))).message).toBe(
      `${join(dir, 'none.npz')}: cannot read the file (ENOENT)`,
    );
    const text = join(dir, 'text.npz');
    await writeFile(text, 'hello');
    expect((await loadError(text)).message).toContain(`${text}: not a zip file`);
    const truncated = join(dir, 'truncated.npz');
    await writeFile(truncated, (await readFile(BOOK_DATA)).subarray(0, 1_000_000));
    expect((await loadError(truncated)).message).toContain(`${truncated}: corrupt or truncated zip`);
  });

  it('missing arr_0 or arr_1, and arrays that do not fit together', async () => {
    const cases: [Record<string, NpyArray>, string][] = [
      [{ arr_1: labels([0]) }, "missing 'arr_0' (the images)"],
      [{ arr_0: images(1) }, "missing 'arr_1' (the labels)"],
      [
        { arr_0: images(2), arr_1: labels([0]) },
        'arr_1.npy: images and labels have different lengths (expected 2 labels, got 1)',
      ],
      [{ arr_0: images(2), arr_1: labels([0, 5]) }, 'arr_1.npy: label at index 1 outside 0..4'],
      [{ arr_0: images(1), arr_1: labels([-1], 'int32') }, 'label at index 0 outside 0..4'],
      [{ arr_0: { ...images(1), shape: [1, 4] }, arr_1: labels([0]) }, 'arr_0.npy: images must be rank 3'],
      [
        { arr_0: { dtype: 'float32', shape: [1, 1, 1], data: new Float32Array(1) }, arr_1: labels([0]) },
        'images must be uint8',
      ],
      [
        { arr_0: images(1), arr_1: { dtype: 'float32', shape: [1], data: new Float32Array(1) } },
        'labels must be integers',
      ],
      [{ arr_0: images(1), arr_1: { ...labels([0]), shape: [1, 1] } }, 'labels must be rank 1'],
    ];
    for (const [arrays, fault] of cases) {
      const path = join(dir, 'bad.npz');
      await saveNpz(path, arrays);
      const error = await loadError(path);
      expect(error.message).toContain(path);
      expect(error.message).toContain(fault);
    }
  });
});

describe('fontDatasetFromArrays', () => {
  it('accepts int32 labels (numpy int64 files read as int32) and a class count', () => {
    const d = fontDatasetFromArrays(images(3), labels([0, 2, 1], 'int32'), { classes: 3 });
    expect(d.labels).toEqual(Uint8Array.from([0, 2, 1]));
    expect([d.count, d.height, d.width, d.classes]).toEqual([3, 2, 2, 3]);
  });

  it('names the argument when there is no file', () => {
    expect(() => fontDatasetFromArrays(images(2), labels([0]))).toThrow(
      "fontDatasetFromArrays: argument 'labels' expected 2 labels, got 1",
    );
    expect(() => fontDatasetFromArrays(images(1), labels([0]), { classNames: ['a', 'b'], classes: 3 })).toThrow(
      /argument 'classNames'/,
    );
  });

  it('fontDatasetToArrays refuses an inconsistent dataset under its own name', () => {
    const d = fontDatasetFromArrays(images(2), labels([0, 1]));
    expect(Object.keys(fontDatasetToArrays(d))).toEqual(['arr_0', 'arr_1', 'class_names']);
    expect(() => fontDatasetToArrays({ ...d, count: 3 })).toThrow(/^fontDatasetToArrays: argument 'images'/);
  });
});
