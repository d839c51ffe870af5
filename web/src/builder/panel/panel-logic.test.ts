import { describe, expect, it } from 'vitest';
import { durationToParts, partsToDuration } from './duration-parts';
import { errorFor, fieldErrors } from './field-errors';
import {
  evenSplit,
  matchPatch,
  newReplyBranch,
  newRule,
  newSplitBranch,
  opPatch,
  parsePercent,
  patchAt,
  removeAt,
  splitTotal,
} from './list-ops';
import {
  contentVariableRows,
  insertableVariables,
  insertVariable,
  nextContentKey,
  removeContentKey,
  toTemplatePatch,
  toTextPatch,
} from './message-ops';

describe('duration fields', () => {
  it('turns a number and a unit into ISO-8601', () => {
    expect(partsToDuration('3', 'days')).toEqual({ ok: true, iso: 'P3D' });
    expect(partsToDuration('30', 'minutes')).toEqual({ ok: true, iso: 'PT30M' });
    expect(partsToDuration(' 2 ', 'hours')).toEqual({ ok: true, iso: 'PT2H' });
    expect(partsToDuration('1', 'weeks')).toEqual({ ok: true, iso: 'P1W' });
    expect(partsToDuration('45', 'seconds')).toEqual({ ok: true, iso: 'PT45S' });
  });

  it('refuses what is not a whole number above zero', () => {
    for (const bad of ['', '0', '-1', '1.5', 'abc']) expect(partsToDuration(bad, 'days').ok).toBe(false);
    expect(partsToDuration('99999999999999', 'weeks')).toEqual({
      ok: false,
      error: expect.stringContaining('too long'),
    });
  });

  it('reads ISO-8601 back in the largest exact unit', () => {
    expect(durationToParts('P3D')).toEqual({ amount: 3, unit: 'days' });
    expect(durationToParts('PT30M')).toEqual({ amount: 30, unit: 'minutes' });
    expect(durationToParts('PT90M')).toEqual({ amount: 90, unit: 'minutes' });
    expect(durationToParts('PT48H')).toEqual({ amount: 2, unit: 'days' });
    expect(durationToParts('P14D')).toEqual({ amount: 2, unit: 'weeks' });
    expect(durationToParts('PT1.5S')).toEqual({ amount: 1.5, unit: 'seconds' });
    expect(durationToParts('P1M')).toBeUndefined();
    expect(durationToParts('')).toBeUndefined();
  });
});

describe('field errors', () => {
  it('puts schema problems on their field and the rest on the node', () => {
    const errors = fieldErrors([
      {
        code: 'bad_value',
        message: 'branches.0.value: a "equals" branch needs a value',
        path: ['nodes', 2, 'data', 'branches', 0, 'value'],
      },
      { code: 'bad_duration', message: 'timeout: bad', path: ['nodes', 2, 'data', 'timeout'] },
      {
        code: 'unknown_variable',
        message: 'variable "x" is unknown',
        path: ['nodes', 2, 'data', 'contentVariables', '1'],
      },
      { code: 'missing_handle', message: 'connect handle "timeout"', path: ['nodes', 2] },
      { code: 'unreachable', message: 'cannot be reached' },
    ]);
    expect(errorFor(errors, 'branches.0.value')).toBe('a "equals" branch needs a value');
    expect(errorFor(errors, 'timeout')).toBe('bad');
    expect(errorFor(errors, 'body')).toBeUndefined();
    expect(errorFor(errors, 'contentVariables.1')).toBe('variable "x" is unknown');
    expect(errors.general).toEqual(['connect handle "timeout"', 'cannot be reached']);
  });
});

describe('list editing', () => {
  it('patches and removes items', () => {
    const list = [{ id: 'a', value: 'x' }, { id: 'b' }];
    expect(patchAt(list, 0, { value: undefined })).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(patchAt(list, 1, { value: 'y' })[1]).toEqual({ id: 'b', value: 'y' });
    expect(removeAt(list, 0)).toEqual([{ id: 'b' }]);
  });

  it('adds branches and rules with free ids', () => {
    expect(newReplyBranch([{ id: 'reply-2', match: 'any' }])).toEqual({ id: 'reply-3', match: 'equals', value: '' });
    expect(newRule([])).toEqual({ id: 'rule-1', variable: '', op: 'equals', value: '' });
    expect(matchPatch('any')).toEqual({ match: 'any', value: undefined });
    expect(opPatch('exists')).toEqual({ op: 'exists', value: undefined });
    expect(opPatch('gt')).toEqual({ op: 'gt' });
  });

  it('keeps split percents adding up', () => {
    const branches = [
      { id: 'a', percent: 50 },
      { id: 'b', percent: 30 },
    ];
    expect(splitTotal(branches)).toBe(80);
    expect(newSplitBranch(branches)).toEqual({ id: 'c', percent: 20 });
    expect(evenSplit([...branches, { id: 'c', percent: 0 }]).map((b) => b.percent)).toEqual([34, 33, 33]);
    expect(parsePercent('25')).toBe(25);
    expect(parsePercent('2.5')).toBeNaN();
    expect(splitTotal([{ id: 'a', percent: Number.NaN }])).toBe(0);
  });
});

describe('message editing', () => {
  it('switches between text and template', () => {
    expect(toTemplatePatch()).toEqual({ channel: 'whatsapp', body: undefined, contentSid: '', contentVariables: {} });
    expect(toTextPatch()).toEqual({ contentSid: undefined, contentVariables: undefined, buttons: undefined, body: '' });
  });

  it('inserts a variable at the caret, replacing the selection', () => {
    expect(insertVariable('Hi !', 3, 3, 'firstName')).toEqual({ text: 'Hi {{firstName}}!', caret: 16 });
    expect(insertVariable('Hi you', 3, 6, 'name')).toEqual({ text: 'Hi {{name}}', caret: 11 });
    expect(insertVariable('', 9, 9, 'x')).toEqual({ text: '{{x}}', caret: 5 });
  });

  it('offers known, used and built-in variables', () => {
    expect(insertableVariables(['firstName'], ['Hi {{city}} {{firstName}}'])).toEqual(['city', 'firstName', 'phone']);
    expect(insertableVariables(undefined, [])).toEqual(['phone']);
  });

  it('edits template variables', () => {
    const vars = { '2': 'b', '1': 'a', '10': 'c' };
    expect(contentVariableRows(vars).map(([k]) => k)).toEqual(['1', '2', '10']);
    expect(nextContentKey(vars)).toBe('11');
    expect(nextContentKey({})).toBe('1');
    expect(removeContentKey(vars, '1')).toEqual({ '2': 'b', '10': 'c' });
  });
});
