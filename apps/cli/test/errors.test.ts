import { InternalError, ShapeError } from '@typeflow/tensor';
import { describe, expect, it } from 'vitest';
import { EXIT, failureReport, isInputError, UsageError } from '../src/errors.js';

describe('how a failed command ends', () => {
  it('bad input: one line, exit 2', () => {
    for (const error of [new UsageError('--epochs must be a positive integer'), new ShapeError('matmul: bad b')]) {
      expect(isInputError(error)).toBe(true);
      expect(failureReport(error, false)).toEqual({ code: EXIT.usage, text: `typeflow: ${error.message}\n` });
    }
  });

  it('an InternalError (a crashed worker thread): exit 1, asking for a report, never as bad input', () => {
    const error = new InternalError('fit: worker 1 of 2 failed: it exited (code 1)');
    expect(isInputError(error)).toBe(false);
    const { code, text } = failureReport(error, false);
    expect(code).toBe(EXIT.failed);
    expect(text).toBe(
      'typeflow: internal error: fit: worker 1 of 2 failed: it exited (code 1); this is a bug in typeflow, please report it (set TYPEFLOW_DEBUG=1 for details)\n',
    );
    expect(failureReport(error, true).text).toMatch(/please report it\nInternalError: fit: worker 1 of 2 failed/);
  });

  it('any other error: exit 1 the same way', () => {
    expect(failureReport(new TypeError('x is undefined'), false).code).toBe(EXIT.failed);
  });
});
