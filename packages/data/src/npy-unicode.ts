import { fileFault } from './errors.js';

/**
 * numpy's `str` arrays (descr `<U{n}`): every element is n UCS-4 code units, little-endian, padded
 * with zeros, which numpy strips from the end when it reads one. So a string ending in NUL cannot
 * round-trip; `writeNpy` refuses NUL characters for that reason.
 */
const DESCR = /^<U([1-9][0-9]*)$/; // `<U0` (numpy's unsized str) holds nothing: refused

/** The width n of a `<U{n}` descr, or undefined for any other descr. */
export function unicodeWidth(descr: string): number | undefined {
  const match = DESCR.exec(descr);
  return match ? Number(match[1]) : undefined;
}

/** The descr numpy gives these strings: `<U` and the longest one's length in code points (at least 1). */
export function unicodeDescr(strings: readonly string[]): string {
  return `<U${Math.max(1, ...strings.map(codePointCount))}`;
}

export function encodeUnicode(strings: readonly string[], descr: string): Uint8Array {
  const width = unicodeWidth(descr) as number;
  const out = new Uint8Array(strings.length * width * 4);
  const view = new DataView(out.buffer);
  strings.forEach((s, i) => {
    let at = i * width * 4;
    for (const char of s) {
      view.setUint32(at, char.codePointAt(0) as number, true);
      at += 4;
    }
  });
  return out;
}

export function decodeUnicode(raw: Uint8Array, width: number, count: number, file: string): string[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const codes: number[] = [];
    for (let k = 0; k < width; k++) codes.push(view.getUint32((i * width + k) * 4, true));
    while (codes.at(-1) === 0) codes.pop();
    const bad = codes.find((c) => c > 0x10ffff);
    if (bad !== undefined) fileFault(file, `string at index ${i} holds ${bad}, not a Unicode code point`);
    let text = '';
    for (const code of codes) text += String.fromCodePoint(code);
    out.push(text);
  }
  return out;
}

export function codePointCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
