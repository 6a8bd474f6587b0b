import { strFromU8, type UnzipFileInfo, unzipSync, zipSync } from 'fflate';
import { DataError, fileFault } from './errors.js';

const DEFLATE_MAX_RATIO = 1032; // deflate cannot expand a byte into more than ~1032 bytes
const CENTRAL_HEADER_SIZE = 46;
// A fixed local-time date so the same arrays always zip to the same bytes, in any time zone.
const FIXED_MTIME = new Date(1980, 0, 1);

/** Every file in a zip, checked against its CRC-32 (fflate reads but does not check them). */
export function unzipChecked(bytes: Uint8Array, file: string): Map<string, Uint8Array> {
  if (bytes.length < 22) looksLikeZip(bytes) ? fileFault(file, 'truncated zip') : notAZip(file);
  const expected = new Map<string, number>();
  let entries = 0;
  const filter = (info: UnzipFileInfo): boolean => {
    if (++entries > bytes.length / CENTRAL_HEADER_SIZE) fileFault(file, 'corrupt zip: too many entries');
    if (info.name.endsWith('/')) return false;
    if (expected.has(info.name)) fileFault(file, `duplicate zip entry '${info.name}'`);
    const stored = info.compression === 0;
    if (!stored && info.compression !== 8) {
      fileFault(
        file,
        `entry '${info.name}' uses an unsupported compression`,
        'stored or deflate',
        `${info.compression}`,
      );
    }
    const sane = stored ? info.originalSize === info.size : info.originalSize <= info.size * DEFLATE_MAX_RATIO + 64;
    if (!sane || info.size > bytes.length) fileFault(file, `corrupt zip: entry '${info.name}' has impossible sizes`);
    expected.set(info.name, info.originalSize);
    return true;
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter });
  } catch (error) {
    if (error instanceof DataError) throw error;
    if (!looksLikeZip(bytes)) notAZip(file);
    return fileFault(file, `corrupt or truncated zip (${(error as Error).message})`);
  }
  const crcs = centralCrcs(bytes, file);
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    if (data.length !== expected.get(name)) fileFault(file, `corrupt zip: entry '${name}' is truncated`);
    if (crc32(data) !== crcs.get(name)) fileFault(file, `corrupt zip: CRC-32 mismatch in entry '${name}'`);
    out.set(name, data);
  }
  return out;
}

/** Zips files stored (level 0, like `np.savez`) or deflated (like `np.savez_compressed`). */
export function zipFiles(files: ReadonlyMap<string, Uint8Array>, compress: boolean): Uint8Array {
  const input: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [name, data] of files) input[name] = [data, { level: compress ? 6 : 0 }];
  return zipSync(input, { mtime: FIXED_MTIME });
}

function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

function notAZip(file: string): never {
  return fileFault(file, 'not a zip file (an npz is a zip of .npy files)');
}

/**
 * Entry name -> CRC-32 from the zip's central directory. fflate has already walked the same records
 * (and thrown on a malformed one), so this re-reads the fields it does not expose, and checks what it
 * does not: the record counts and sizes agree and each local header names the same file, so that a
 * damaged directory cannot silently drop or rename an array.
 */
function centralCrcs(bytes: Uint8Array, file: string): Map<string, number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => (at >= 0 && at + 2 <= bytes.length ? view.getUint16(at, true) : -1);
  const u32 = (at: number) => (at >= 0 && at + 4 <= bytes.length ? view.getUint32(at, true) : -1);
  const corrupt = (what: string): never => fileFault(file, `corrupt zip: ${what}`);
  let end = bytes.length - 22;
  while (end > 0 && u32(end) !== 0x06054b50) end--;
  let count = u16(end + 10);
  let at = u32(end + 16);
  const directoryEnd = at + u32(end + 12);
  const zip64End = u32(end - 12);
  const zip64 = u32(end - 20) === 0x07064b50 && u32(zip64End) === 0x06064b50;
  if (zip64) {
    count = u32(zip64End + 32);
    at = u32(zip64End + 48);
  } else if (u16(end + 8) !== count) {
    corrupt('the entry counts disagree');
  }
  const crcs = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    if (u32(at) !== 0x02014b50) corrupt('bad central directory record');
    const nameLength = u16(at + 28);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const local = u32(at + 42);
    if (local !== 0xffffffff) {
      const localName = bytes.subarray(local + 30, local + 30 + u16(local + 26));
      if (u32(local) !== 0x04034b50 || !sameBytes(localName, nameBytes)) corrupt('local header does not match');
    }
    const utf8 = (u16(at + 8) & 0x800) !== 0;
    crcs.set(strFromU8(nameBytes, !utf8), u32(at + 16));
    at += CENTRAL_HEADER_SIZE + nameLength + u16(at + 30) + u16(at + 32);
  }
  if (!zip64 && (at !== directoryEnd || at !== end)) corrupt('the central directory size disagrees');
  return crcs;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

// fflate keeps its CRC-32 private, so the standard table-driven one is written here.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
