import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { batchSize, nonNegativeInteger, positiveInteger, positiveNumber } from './option-parsers.js';

describe('option parsers read decimal numbers only', () => {
  it.each([
    ['0x10'],
    ['0b11'],
    ['0o7'],
    ['1e3'],
    ['5.0'],
    [' 5'],
    ['5 '],
    ['5abc'],
    ['+5'],
    ['1_000'],
    ['Infinity'],
    ['NaN'],
    [''],
    ['9007199254740993'],
  ])('integers refuse %j', (text) => {
    expect(() => positiveInteger(text)).toThrow(InvalidArgumentError);
    expect(() => nonNegativeInteger(text)).toThrow(InvalidArgumentError);
    expect(() => batchSize(text)).toThrow(InvalidArgumentError);
  });

  it('integers accept decimal digits', () => {
    expect(positiveInteger('12')).toBe(12);
    expect(positiveInteger('007')).toBe(7);
    expect(nonNegativeInteger('0')).toBe(0);
    expect(batchSize('256')).toBe(256);
    expect(batchSize('full')).toBe('full');
    expect(() => positiveInteger('0')).toThrow(/expected a positive integer/);
  });

  it.each([
    ['0x10'],
    ['0b1'],
    ['Infinity'],
    ['-Infinity'],
    ['NaN'],
    [' 0.1'],
    ['0.1 '],
    ['0.1abc'],
    ['1e400'],
    ['1e-400'],
    ['+0.1'],
    ['-0.1'],
    ['0'],
    ['.'],
    ['e3'],
    [''],
  ])('learning rates refuse %j', (text) => {
    expect(() => positiveNumber(text)).toThrow(/expected a positive decimal number/);
  });

  it('learning rates accept decimal and exponent notation', () => {
    expect(positiveNumber('0.01')).toBe(0.01);
    expect(positiveNumber('1e-3')).toBe(0.001);
    expect(positiveNumber('2.5E+2')).toBe(250);
    expect(positiveNumber('.5')).toBe(0.5);
    expect(positiveNumber('5.')).toBe(5);
    expect(positiveNumber('3')).toBe(3);
  });
});
