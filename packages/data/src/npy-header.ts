import { fileFault } from './errors.js';

/** The three keys of an npy header, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`. */
export interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: number[];
}

type Value = string | boolean | number[];

/**
 * Parses the header dict. numpy reads it with Python's `ast.literal_eval`; this is a strict parser for
 * the only literals a valid header holds (strings, True/False, tuples of integers), written by hand
 * because no npm library parses Python literals without evaluating code.
 */
export function parseNpyHeader(text: string, file: string): NpyHeader {
  let at = 0;
  const fail = (what: string): never =>
    fileFault(file, `bad npy header: ${what} at character ${at}`, 'a dict like {"descr": ..., "shape": (...)}');
  const skipSpace = () => {
    while (at < text.length && ' \t\r\n'.includes(text[at] as string)) at++;
  };
  const take = (token: string): boolean => {
    skipSpace();
    if (!text.startsWith(token, at)) return false;
    at += token.length;
    return true;
  };
  const readString = (): string => {
    skipSpace();
    const quote = text[at];
    if (quote !== "'" && quote !== '"') return fail('expected a quoted string');
    const end = text.indexOf(quote, at + 1);
    if (end < 0) return fail('unterminated string');
    const value = text.slice(at + 1, end);
    if (value.includes('\\')) return fail('escape in string');
    at = end + 1;
    return value;
  };
  const readInteger = (): number => {
    skipSpace();
    const match = /^[0-9]+L?/.exec(text.slice(at, at + 24)); // `L`: Python 2 long literals in old files
    if (!match) return fail('expected an integer');
    at += match[0].length;
    const value = Number(match[0].replace('L', ''));
    if (!Number.isSafeInteger(value)) return fail('integer too large');
    return value;
  };
  const readTuple = (): number[] => {
    const items: number[] = [];
    let trailingComma = false;
    while (!take(')')) {
      if (items.length > 0 && !trailingComma) return fail("expected ',' or ')'");
      items.push(readInteger());
      trailingComma = take(',');
    }
    // `(5)` is the integer 5 in Python, not a tuple
    if (items.length === 1 && !trailingComma) return fail('one-element tuple without a comma');
    return items;
  };
  const readValue = (): Value => {
    if (take('True')) return true;
    if (take('False')) return false;
    if (take('(')) return readTuple();
    return readString();
  };

  const entries = new Map<string, Value>();
  if (!take('{')) fail("expected '{'");
  let separated = true;
  while (!take('}')) {
    if (!separated) fail("expected ',' or '}'");
    const key = readString();
    if (!take(':')) fail("expected ':'");
    if (entries.has(key)) fail(`duplicate key '${key}'`);
    entries.set(key, readValue());
    separated = take(',');
  }
  skipSpace();
  if (at !== text.length) fail('text after the dict');

  const keys = [...entries.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') {
    fileFault(file, 'bad npy header keys', 'descr, fortran_order, shape', keys || 'none');
  }
  const descr = entries.get('descr');
  const fortranOrder = entries.get('fortran_order');
  const shape = entries.get('shape');
  if (typeof descr !== 'string') return fileFault(file, 'bad npy header: descr is not a string');
  if (typeof fortranOrder !== 'boolean') return fileFault(file, 'bad npy header: fortran_order is not True/False');
  if (!Array.isArray(shape)) return fileFault(file, 'bad npy header: shape is not a tuple');
  return { descr, fortranOrder, shape };
}

/** The header text numpy itself writes (keys sorted, a trailing comma and space inside the braces). */
export function formatNpyHeader(header: NpyHeader): string {
  const shape = header.shape.length === 1 ? `(${header.shape[0]},)` : `(${header.shape.join(', ')})`;
  const order = header.fortranOrder ? 'True' : 'False';
  return `{'descr': '${header.descr}', 'fortran_order': ${order}, 'shape': ${shape}, }`;
}
