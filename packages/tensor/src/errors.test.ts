import { describe, expect, it } from 'vitest';
import { InternalError, refuse, ShapeError, TypeflowError } from './errors.js';
import { describeValue } from './validate.js';

describe('errors', () => {
  it('refuse throws the given kind with the one message shape and its details', () => {
    const error = (() => {
      try {
        refuse(ShapeError, 'matmul', 'b', 'shape [3, *]', '[2, 2]');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as Error).message).toBe("matmul: argument 'b' expected shape [3, *], got [2, 2]");
    expect((error as ShapeError).details).toEqual({
      op: 'matmul',
      argument: 'b',
      expected: 'shape [3, *]',
      actual: '[2, 2]',
    });
  });

  it('an InternalError is not a TypeflowError (it is not bad input)', () => {
    const error = new InternalError('fit: worker 1 of 2 failed');
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeflowError);
    expect(error.name).toBe('InternalError');
  });

  it('describeValue names any value briefly', () => {
    expect(describeValue(42)).toBe('42');
    expect(describeValue('a')).toBe('"a"');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(() => 1)).toBe('a function');
    expect(describeValue(new Map())).toBe('Map');
    expect(describeValue([1, 2])).toBe('[1,2]');
  });
});
