import { describe, expect, it } from 'vitest';
import { compileReplyRegex, hasNestedQuantifier, replyRegexProblem } from './regex-safety.js';

describe('hasNestedQuantifier', () => {
  it.each(['(a+)+', '(\\w*\\s?)*', '((ab)+)+', '(x+){2,}', '(?:a*b)*'])('flags %s', (pattern) => {
    expect(hasNestedQuantifier(pattern)).toBe(true);
  });

  it.each(['^(yes|si)$', '(\\d+)?', '\\d+(\\.\\d+)?', '[(a+)]+', '\\(a+\\)+', '(abc)+', 'yes+'])(
    'accepts %s',
    (pattern) => {
      expect(hasNestedQuantifier(pattern)).toBe(false);
    },
  );
});

describe('replyRegexProblem', () => {
  it('accepts an ordinary pattern', () => {
    expect(replyRegexProblem('^(yes|y|sure)\\b')).toBeUndefined();
  });

  it('rejects an invalid pattern', () => {
    expect(replyRegexProblem('(unclosed')).toMatch(/not a valid regular expression/);
  });

  it('rejects patterns longer than 200 characters, and accepts exactly 200', () => {
    expect(replyRegexProblem('a'.repeat(201))).toMatch(/201 characters.*200/);
    expect(replyRegexProblem('a'.repeat(200))).toBeUndefined();
  });

  it('rejects catastrophic backtracking shapes', () => {
    expect(replyRegexProblem('^(a+)+$')).toMatch(/repeats a group/);
  });
});

describe('compileReplyRegex', () => {
  it('compiles case-insensitively', () => {
    expect(compileReplyRegex('^YES$')?.test('yes')).toBe(true);
  });

  it('returns undefined for an invalid pattern', () => {
    expect(compileReplyRegex('[')).toBeUndefined();
  });
});
