import { InvalidArgumentError } from 'commander';

/** Commander parsers that refuse a bad value with a message naming what is expected. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  }
  return n;
}

export function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'`);
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive number, got '${value}'`);
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
