import { describe, expect, it } from 'vitest';
import type { TReplyBranch } from './journey/node-schemas.js';
import { compileReplyRegexOrLegacy } from './regex-safety.js';
import { matchReply as matchWith, normalizeText, type TReply } from './reply-match.js';
import { compileLegacyReplyRegex } from './reply-regex.js';

/** As the workflow matches a new reply: RE2, RegExp only for patterns RE2 cannot compile. */
const matchReply = (branches: readonly TReplyBranch[], reply: TReply) =>
  matchWith(branches, reply, compileReplyRegexOrLegacy);
/** As replies matched before RE2 replay. */
const matchLegacy = (branches: readonly TReplyBranch[], reply: TReply) =>
  matchWith(branches, reply, compileLegacyReplyRegex);

describe('normalizeText', () => {
  it('lowercases, strips accents, trims and collapses whitespace', () => {
    expect(normalizeText('  Sí,\t  CLARO\n ')).toBe('si, claro');
    expect(normalizeText('Ação  Única')).toBe('acao unica');
    expect(normalizeText('NÃO')).toBe('nao');
  });

  it('folds precomposed and decomposed accents alike', () => {
    expect(normalizeText('caf\u00e9')).toBe(normalizeText('cafe\u0301'));
  });
});

const survey: TReplyBranch[] = [
  { id: 'yes', match: 'equals', value: 'sim' },
  { id: 'no', match: 'equals', value: 'não' },
];

describe('matchReply', () => {
  it.each([
    ['SIM', 'yes'],
    ['  Sim ', 'yes'],
    ['nao', 'no'],
    ['NÃO', 'no'],
    ['Não', 'no'],
  ])('equals: %j -> %s', (text, id) => {
    expect(matchReply(survey, { text })).toBe(id);
  });

  it('equals does not match a longer reply', () => {
    expect(matchReply(survey, { text: 'sim, claro' })).toBeUndefined();
  });

  it('contains matches normalized text anywhere in the reply', () => {
    const branches: TReplyBranch[] = [{ id: 'stop', match: 'contains', value: 'Cancelar' }];
    expect(matchReply(branches, { text: 'quero   CANCELAR agora' })).toBe('stop');
    expect(matchReply(branches, { text: 'quero continuar' })).toBeUndefined();
  });

  it('regex is case-insensitive and tries the original and the normalized text', () => {
    const accented: TReplyBranch[] = [{ id: 'r', match: 'regex', value: '^não\\b' }];
    expect(matchReply(accented, { text: '  NÃO obrigado' })).toBe('r');
    const plain: TReplyBranch[] = [{ id: 'r', match: 'regex', value: '^nao obrigado$' }];
    expect(matchReply(plain, { text: 'Não   obrigado' })).toBe('r');
    expect(matchReply(plain, { text: 'talvez' })).toBeUndefined();
  });

  // Linear time is the point: a backtracking engine takes exponential time on these
  // replies and would never return here (the workflow task would stall the same way).
  it.each([
    ['(a|aa)+$', `${'a'.repeat(5000)}b`],
    ['(x+x+)+y', 'x'.repeat(5000)],
  ])('matches %s against a long hostile reply, with RE2 as the workflow does', (value, text) => {
    const branches: TReplyBranch[] = [{ id: 'r', match: 'regex', value }];
    expect(matchReply(branches, { text })).toBeUndefined();
    expect(matchReply(branches, { text: text.replace(/b$/, '') + (value.endsWith('y') ? 'y' : '') })).toBe('r');
  });

  it('a pattern RE2 cannot compile keeps the RegExp it was accepted with (contacts launched before RE2)', () => {
    const lookahead: TReplyBranch[] = [{ id: 'r', match: 'regex', value: '^(?=.*sim)' }];
    expect(matchReply(lookahead, { text: 'acho que sim' })).toBe('r');
    expect(matchLegacy(lookahead, { text: 'acho que sim' })).toBe('r');
    expect(matchReply(lookahead, { text: 'talvez' })).toBeUndefined();
  });

  it('the legacy engine is JavaScript RegExp, for replies matched before RE2', () => {
    // RE2 folds case by Unicode rules, RegExp without the u flag does not: the long s
    // (U+017F) matches s only with RE2. Such differences are why the workflow asks patched().
    const s: TReplyBranch[] = [{ id: 'r', match: 'regex', value: '^s$' }];
    expect(matchReply(s, { text: '\u017f' })).toBe('r');
    expect(matchLegacy(s, { text: '\u017f' })).toBeUndefined();
  });

  it('an invalid regex never matches instead of throwing', () => {
    expect(matchReply([{ id: 'r', match: 'regex', value: '(' }], { text: '(' })).toBeUndefined();
  });

  it('payload compares trimmed payloads case-insensitively and ignores text', () => {
    const branches: TReplyBranch[] = [{ id: 'btn', match: 'payload', value: 'CONFIRM_YES' }];
    expect(matchReply(branches, { payload: ' confirm_yes ' })).toBe('btn');
    expect(matchReply(branches, { text: 'CONFIRM_YES' })).toBeUndefined();
    expect(matchReply(branches, { payload: 'confirm_no' })).toBeUndefined();
  });

  it('any matches any text or payload, but not an empty reply', () => {
    const branches: TReplyBranch[] = [{ id: 'all', match: 'any' }];
    expect(matchReply(branches, { text: 'whatever' })).toBe('all');
    expect(matchReply(branches, { payload: 'P' })).toBe('all');
    expect(matchReply(branches, { text: '   ' })).toBeUndefined();
    expect(matchReply(branches, {})).toBeUndefined();
  });

  it('branch order is priority', () => {
    const branches: TReplyBranch[] = [
      { id: 'first', match: 'contains', value: 'yes' },
      { id: 'second', match: 'equals', value: 'yes' },
      { id: 'fallback', match: 'any' },
    ];
    expect(matchReply(branches, { text: 'yes' })).toBe('first');
    expect(matchReply(branches, { text: 'no' })).toBe('fallback');
  });

  it('intent branches never match here: exact branches after them still do, in order', () => {
    const branches: TReplyBranch[] = [
      { id: 'agrees', match: 'intent', value: 'yes' },
      { id: 'agreesExactly', match: 'equals', value: 'yes' },
    ];
    expect(matchReply(branches, { text: 'yes' })).toBe('agreesExactly');
    expect(matchReply(branches, { text: 'sure, that works' })).toBeUndefined();
    expect(matchReply(branches, { payload: 'yes' })).toBeUndefined();
  });

  it('text branches need text: a button payload alone does not match equals', () => {
    expect(matchReply(survey, { payload: 'sim' })).toBeUndefined();
  });
});
