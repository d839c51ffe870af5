import { describe, expect, it } from 'vitest';
import { compileReplyRegex, replyRegexProblem } from './regex-safety.js';

describe('replyRegexProblem', () => {
  it('accepts an ordinary pattern', () => {
    expect(replyRegexProblem('^(yes|y|sure)\\b')).toBeUndefined();
  });

  it('rejects an invalid pattern', () => {
    expect(replyRegexProblem('(unclosed')).toMatch(/not a regular expression.*missing closing \)/);
  });

  it('rejects patterns longer than 200 characters, and accepts exactly 200', () => {
    expect(replyRegexProblem('a'.repeat(201))).toMatch(/201 characters.*200/);
    expect(replyRegexProblem('a'.repeat(200))).toBeUndefined();
  });

  it.each(['^(?=.*yes)', '(?!no)', '(?<=a)b', '(?<!a)b', '(a)\\1'])(
    'rejects %s, which RE2 cannot run (lookarounds, backreferences)',
    (pattern) => {
      expect(replyRegexProblem(pattern)).toMatch(/backreferences and lookarounds are not supported/);
    },
  );

  it('accepts nested repetition, which RE2 runs in linear time', () => {
    expect(replyRegexProblem('(a|aa)+$')).toBeUndefined();
    expect(replyRegexProblem('^(a+)+$')).toBeUndefined();
  });
});

describe('compileReplyRegex', () => {
  it('compiles case-insensitively and matches anywhere', () => {
    expect(compileReplyRegex('^YES$')?.test('yes')).toBe(true);
    expect(compileReplyRegex('sim')?.test('acho que SIM')).toBe(true);
  });

  it('returns undefined for a pattern RE2 refuses', () => {
    expect(compileReplyRegex('[')).toBeUndefined();
    expect(compileReplyRegex('(?=a)')).toBeUndefined();
  });
});
