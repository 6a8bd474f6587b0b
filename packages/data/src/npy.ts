import { argumentFault, describe, fileFault } from './errors.js';
import { formatNpyHeader, parseNpyHeader } from './npy-header.js';
import { decodeUnicode, encodeUnicode, unicodeDescr, unicodeWidth } from './npy-unicode.js';

export type NpyDType = NpyNumericDType | 'unicode';
export type NpyNumericDType = 'uint8' | 'int32' | 'float32' | 'float64' | 'bool';

/** One numpy array: C order, `data.length` = product of `shape`. */
export type NpyArray = NpyNumericArray | NpyUnicodeArray;

/** Numbers in a typed array; bool data is 0/1 bytes. */
export interface NpyNumericArray {
  readonly dtype: NpyNumericDType;
  readonly shape: number[];
  readonly data: Uint8Array | Int32Array | Float32Array | Float64Array;
}

/** numpy's `str` array (`<U{n}`, e.g. `np.array(['EB Garamond', 'Oswald'])`): one string per element. */
export interface NpyUnicodeArray {
  readonly dtype: 'unicode';
  readonly shape: number[];
  readonly data: readonly string[];
}

export interface NpyReadOptions {
  /** Names the file (or zip entry) in error messages. */
  readonly file?: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64; // numpy pads magic + header to a multiple of 64 bytes

const DESCR: Record<NpyNumericDType, string> = {
  uint8: '|u1',
  bool: '|b1',
  int32: '<i4',
  float32: '<f4',
  float64: '<f8',
};

const CLASS: Record<NpyNumericDType, new (length: number) => NpyNumericArray['data']> = {
  uint8: Uint8Array,
  bool: Uint8Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/** What a descr reads as: `<i8` (numpy's default integer) is read into int32 when every value fits. */
const READS: Record<string, { dtype: NpyNumericDType; itemSize: number; int64?: true }> = {
  '|u1': { dtype: 'uint8', itemSize: 1 },
  '<u1': { dtype: 'uint8', itemSize: 1 },
  '|b1': { dtype: 'bool', itemSize: 1 },
  '<b1': { dtype: 'bool', itemSize: 1 },
  '<i4': { dtype: 'int32', itemSize: 4 },
  '<i8': { dtype: 'int32', itemSize: 8, int64: true },
  '<f4': { dtype: 'float32', itemSize: 4 },
  '<f8': { dtype: 'float64', itemSize: 8 },
};

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reads an `.npy` file: versions 1-3, dtypes u1, b1, i4, i8 (as int32), f4, f8, U, little-endian, C order. */
export function readNpy(bytes: Uint8Array, options: NpyReadOptions = {}): NpyArray {
  const file = options.file ?? 'npy data';
  if (!(bytes instanceof Uint8Array)) argumentFault('readNpy', 'bytes', 'a Uint8Array', describe(bytes));
  const magicSeen = Math.min(bytes.length, MAGIC.length);
  for (let i = 0; i < magicSeen; i++) {
    if (bytes[i] !== MAGIC[i]) fileFault(file, 'not an npy file (bad magic)', '\\x93NUMPY', hexStart(bytes));
  }
  if (bytes.length < 10) fileFault(file, 'truncated npy file', 'at least 10 bytes', `${bytes.length}`);
  const major = bytes[6] as number;
  const minor = bytes[7] as number;
  if (major < 1 || major > 3 || minor !== 0) {
    fileFault(file, 'unsupported npy format version', '1.0, 2.0 or 3.0', `${major}.${minor}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize) fileFault(file, 'truncated npy header');
  const headerLength = lengthSize === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthSize;
  const dataStart = start + headerLength;
  if (dataStart > bytes.length) {
    fileFault(file, 'truncated npy header', `${headerLength} header bytes`, `${bytes.length - start}`);
  }
  const header = parseNpyHeader(decodeHeader(bytes.subarray(start, dataStart), major, file), file);

  const width = unicodeWidth(header.descr);
  const read = width === undefined ? READS[header.descr] : { dtype: 'unicode' as const, itemSize: 4 * width };
  if (!read) fileFault(file, `unsupported dtype '${header.descr}'`, `${Object.keys(READS).join(', ')}, <U{n}`);
  // For rank 0 and 1 the Fortran and C layouts are the same bytes.
  if (header.fortranOrder && header.shape.length > 1) {
    fileFault(file, 'Fortran-order array not supported', 'fortran_order False', 'True');
  }
  const available = bytes.length - dataStart;
  // A float product: a hostile shape may pass 2^53, but then it is far beyond `available` anyway.
  const needed = sizeOf(header.shape) * read.itemSize;
  if (needed > available) {
    fileFault(file, 'truncated npy data', `${shapeText(header.shape)} = ${needed} bytes`, `${available}`);
  }
  if (needed < available) fileFault(file, 'bytes after the npy data', `${needed} bytes`, `${available}`);

  const shape = [...header.shape];
  if (read.dtype === 'unicode') {
    return {
      dtype: 'unicode',
      shape,
      data: decodeUnicode(bytes.subarray(dataStart), read.itemSize / 4, sizeOf(shape), file),
    };
  }
  // A copy, aligned for any typed array (Buffer#slice would share memory, hence the constructor).
  const raw = new Uint8Array(bytes.subarray(dataStart, dataStart + needed));
  const data = 'int64' in read ? int64ToInt32(raw, file) : fromLittleEndian(raw, read.dtype);
  return { dtype: read.dtype, shape, data };
}

/** Writes an `.npy` file (version 1.0, or 2.0 for a header over 64 KiB) that numpy's `np.load` reads. */
export function writeNpy(array: NpyArray): Uint8Array {
  assertNpyArray(array, 'writeNpy', 'array');
  const descr = array.dtype === 'unicode' ? unicodeDescr(array.data) : DESCR[array.dtype];
  const text = formatNpyHeader({ descr, fortranOrder: false, shape: array.shape });
  let lengthSize = 2;
  let padded = padHeader(text, lengthSize);
  if (padded.length > 0xffff) {
    lengthSize = 4;
    padded = padHeader(text, lengthSize);
  }
  const prefix = 8 + lengthSize;
  const body = array.dtype === 'unicode' ? encodeUnicode(array.data, descr) : toLittleEndian(array);
  const out = new Uint8Array(prefix + padded.length + body.length);
  out.set(MAGIC, 0);
  out[6] = lengthSize === 2 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (lengthSize === 2) view.setUint16(8, padded.length, true);
  else view.setUint32(8, padded.length, true);
  for (let i = 0; i < padded.length; i++) out[prefix + i] = padded.charCodeAt(i);
  out.set(body, prefix + padded.length);
  return out;
}

/** Refuses anything that is not a consistent NpyArray (dtype, shape, typed array class and length). */
export function assertNpyArray(array: unknown, fn: string, argument: string): asserts array is NpyArray {
  if (typeof array !== 'object' || array === null) argumentFault(fn, argument, 'an NpyArray', describe(array));
  const { dtype, shape, data } = array as Partial<NpyArray>;
  if (typeof dtype !== 'string' || !(dtype in DESCR || dtype === 'unicode')) {
    argumentFault(fn, `${argument}.dtype`, `${Object.keys(DESCR).join(' | ')} | unicode`, describe(dtype));
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    argumentFault(fn, `${argument}.shape`, 'an array of non-negative integers', describe(shape));
  }
  if (dtype === 'unicode') {
    const bad = Array.isArray(data) ? data.findIndex((s) => typeof s !== 'string' || s.includes('\0')) : 0;
    if (bad >= 0) {
      argumentFault(
        fn,
        `${argument}.data`,
        'an array of strings without NUL characters',
        describe(data?.[bad] ?? data),
      );
    }
  } else {
    const Kind = CLASS[dtype as NpyNumericDType];
    if (!(data instanceof Kind)) argumentFault(fn, `${argument}.data`, `a ${Kind.name} for ${dtype}`, describe(data));
  }
  const { length } = data as NpyArray['data'];
  const size = sizeOf(shape);
  if (size !== length) {
    argumentFault(fn, `${argument}.data`, `length ${size} for shape ${shapeText(shape)}`, `${length}`);
  }
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function padHeader(text: string, lengthSize: number): string {
  const unpadded = 8 + lengthSize + text.length + 1; // + the closing newline
  return `${text}${' '.repeat((ALIGN - (unpadded % ALIGN)) % ALIGN)}\n`;
}

function decodeHeader(bytes: Uint8Array, major: number, file: string): string {
  if (major === 3) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fileFault(file, 'bad npy header: not UTF-8');
    }
  }
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b); // latin-1, as numpy writes versions 1 and 2
  return text;
}

function fromLittleEndian(raw: Uint8Array, dtype: NpyNumericDType): NpyNumericArray['data'] {
  if (dtype === 'uint8') return raw;
  if (dtype === 'bool') return raw.map((b) => (b === 0 ? 0 : 1));
  if (!LITTLE_ENDIAN_HOST) swapBytes(raw, dtype === 'float64' ? 8 : 4);
  if (dtype === 'int32') return new Int32Array(raw.buffer);
  if (dtype === 'float32') return new Float32Array(raw.buffer);
  return new Float64Array(raw.buffer);
}

function toLittleEndian(array: NpyNumericArray): Uint8Array {
  const { data } = array;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (array.dtype === 'bool') return bytes.map((b) => (b === 0 ? 0 : 1));
  if (LITTLE_ENDIAN_HOST || data.BYTES_PER_ELEMENT === 1) return bytes;
  const copy = bytes.slice();
  swapBytes(copy, data.BYTES_PER_ELEMENT);
  return copy;
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
}

/** numpy's default integer is int64 (`np.savez` of Python ints): keep it when every value fits int32. */
function int64ToInt32(raw: Uint8Array, file: string): Int32Array {
  const view = new DataView(raw.buffer);
  const out = new Int32Array(raw.length / 8);
  for (let i = 0; i < out.length; i++) {
    const low = view.getInt32(i * 8, true);
    const high = view.getInt32(i * 8 + 4, true);
    if (high !== (low < 0 ? -1 : 0)) {
      fileFault(file, `int64 value at index ${i} outside the int32 range`, 'values in -2^31..2^31-1');
    }
    out[i] = low;
  }
  return out;
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function hexStart(bytes: Uint8Array): string {
  return [...bytes.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
