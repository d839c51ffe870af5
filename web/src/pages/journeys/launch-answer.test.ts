import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api-client/errors';
import { checkResultFromError, errorProblems } from './launch-answer';

describe('checkResultFromError', () => {
  it('turns "no contact can be launched" into a result with every row rejected', () => {
    const error = new ApiError(400, 'invalid_input', 'No contact in the audience can be launched.', {
      rejected: [
        { row: 2, phone: 'abc', reason: 'not a valid phone number' },
        { row: 3, phone: '', reason: 'phone number is empty' },
      ],
    });
    expect(checkResultFromError(error)).toEqual({
      total: 2,
      accepted: 0,
      rejected: [expect.objectContaining({ row: 2 }), expect.objectContaining({ row: 3 })],
    });
  });

  it('leaves other errors alone', () => {
    expect(
      checkResultFromError(new ApiError(400, 'invalid_input', 'bad', [{ path: 'x', message: 'y' }])),
    ).toBeUndefined();
    expect(checkResultFromError(new ApiError(413, 'payload_too_large', 'big', { rejected: [] }))).toBeUndefined();
    expect(checkResultFromError(new Error('offline'))).toBeUndefined();
  });
});

describe('errorProblems', () => {
  it('lists CSV problems with their line and column', () => {
    const error = new ApiError(400, 'invalid_input', 'invalid CSV header', {
      problems: [
        { line: 1, column: 3, header: 'first name', reason: '"first name" is not a valid variable name' },
        { reason: 'the file is empty' },
      ],
    });
    expect(errorProblems(error)).toEqual([
      'line 1, column 3: "first name" is not a valid variable name',
      'the file is empty',
    ]);
  });

  it('lists journey problems', () => {
    const error = new ApiError(400, 'invalid_input', 'The journey has problems', [
      { code: 'unreachable', message: 'node "x" is unreachable' },
    ]);
    expect(errorProblems(error)).toEqual(['node "x" is unreachable']);
  });

  it('is empty for anything else', () => {
    expect(errorProblems(new ApiError(413, 'payload_too_large', 'big', { maxBytes: 10 }))).toEqual([]);
    expect(errorProblems(new Error('x'))).toEqual([]);
  });
});
