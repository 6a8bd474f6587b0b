import { refuse } from './errors.js';

/** A short description of a value for an error message: `3`, `NaN`, `a string`, `an array of length 2`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value))
    return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  return `a ${typeof value}`;
}

/** The options object of a function, `{}` when absent. */
export function optionsOf<T extends object>(value: T | undefined, fn: string, argument = 'options'): Partial<T> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    refuse(fn, argument, 'an options object', describe(value));
  }
  return value;
}

/** An array or typed array of numbers (NaN allowed: callers draw it as a gap). */
export function numbers(value: unknown, fn: string, argument: string, { nonEmpty = true } = {}): ArrayLike<number> {
  const typed = ArrayBuffer.isView(value) && !(value instanceof DataView);
  if (!Array.isArray(value) && !typed) refuse(fn, argument, 'an array of numbers', describe(value));
  const list = value as ArrayLike<unknown>;
  if (nonEmpty && list.length === 0) refuse(fn, argument, 'a non-empty array of numbers', 'an empty array');
  if (Array.isArray(list)) {
    for (let i = 0; i < list.length; i++) {
      if (typeof list[i] !== 'number')
        refuse(fn, argument, 'an array of numbers', `${describe(list[i])} at index ${i}`);
    }
  }
  return list as ArrayLike<number>;
}

export function positiveInteger(value: unknown, fn: string, argument: string): number {
  if (!Number.isInteger(value) || (value as number) <= 0) refuse(fn, argument, 'a positive integer', describe(value));
  return value as number;
}

export function finiteNumber(value: unknown, fn: string, argument: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) refuse(fn, argument, 'a finite number', describe(value));
  return value;
}

/** A width or height in SVG user units, at least `min` so the margins leave room to plot. */
export function size(value: unknown, fallback: number, min: number, fn: string, argument: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    refuse(fn, argument, `a number of at least ${min}`, describe(value));
  }
  return value;
}

export function optionalString(value: unknown, fn: string, argument: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') refuse(fn, argument, 'a string', describe(value));
  return value;
}

export function optionalBoolean(value: unknown, fallback: boolean, fn: string, argument: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') refuse(fn, argument, 'true or false', describe(value));
  return value;
}

/** Exactly `count` labels (strings or numbers), or undefined. */
export function labels(value: unknown, count: number, fn: string, argument: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) refuse(fn, argument, `an array of ${count} labels`, describe(value));
  if (value.length !== count) refuse(fn, argument, `${count} labels`, `${value.length}`);
  return value.map((label, i) => {
    if (typeof label !== 'string' && typeof label !== 'number') {
      refuse(fn, argument, 'strings or numbers', `${describe(label)} at index ${i}`);
    }
    return String(label);
  });
}

/** A `[low, high]` pair of finite numbers with low < high. */
export function domainPair(value: unknown, fn: string, argument: string): [number, number] | undefined {
  if (value === undefined) return undefined;
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    value[0] < value[1];
  if (!ok)
    refuse(
      fn,
      argument,
      '[low, high] with finite low < high',
      Array.isArray(value) ? `[${value.join(', ')}]` : describe(value),
    );
  return [value[0], value[1]];
}
