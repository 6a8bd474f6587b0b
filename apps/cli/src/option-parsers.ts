import { InvalidArgumentError } from 'commander';

// Number() also reads '0x10', '0b11', ' 5 ', 'Infinity' and '' (as 0): flags take decimal text only.
const DECIMAL_INTEGER = /^[0-9]+$/;
const DECIMAL_NUMBER = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

/** Commander parsers that refuse a bad value with a message naming what is expected. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!DECIMAL_INTEGER.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive integer in decimal digits, got '${value}'`);
  }
  return n;
}

export function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!DECIMAL_INTEGER.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`expected a non-negative integer in decimal digits, got '${value}'`);
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!DECIMAL_NUMBER.test(value) || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive decimal number (e.g. 0.01 or 1e-3), got '${value}'`);
  return n;
}

export function batchSize(value: string): number | 'full' {
  if (value === 'full') return 'full';
  try {
    return positiveInteger(value);
  } catch {
    throw new InvalidArgumentError(`expected a positive integer or 'full', got '${value}'`);
  }
}

export function commaList(value: string): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === ''))
    throw new InvalidArgumentError(`expected names separated by commas, got '${value}'`);
  return items;
}
