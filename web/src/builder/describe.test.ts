import { describe, expect, it } from 'vitest';
import {
  addNodeLabel,
  branchDetail,
  branchLabel,
  builtInHandleLabel,
  durationWords,
  ruleSentence,
  timeoutLabel,
  truncate,
} from './describe';
import { messageSegments, previewSegments, shortSid } from './message-preview';

describe('canvas wording', () => {
  it('says durations in words', () => {
    expect(durationWords('P3D')).toBe('3 days');
    expect(durationWords('PT30M')).toBe('30 minutes');
    expect(durationWords('PT90M')).toBe('1 hour 30 minutes');
    expect(durationWords('')).toBe('no duration set');
    expect(durationWords('P1M')).toBe('invalid duration "P1M"');
    expect(timeoutLabel('P1D')).toBe('after 1 day');
    expect(timeoutLabel('nope')).toBe('on timeout');
  });

  it('labels reply branches and built-in handles', () => {
    expect(branchLabel({ id: 'yes' })).toBe('YES');
    expect(branchLabel({ id: ' ' })).toBe('(unnamed)');
    expect(branchDetail({ match: 'equals', value: 'yes' })).toBe('reply is "yes"');
    expect(branchDetail({ match: 'payload', value: 'BOOK' })).toBe('button "BOOK"');
    expect(branchDetail({ match: 'regex', value: '^y' })).toBe('reply matches /^y/');
    expect(branchDetail({ match: 'any' })).toBe('any reply');
    expect(branchDetail({ match: 'intent', value: 'agrees to the appointment' })).toBe(
      'reply means "agrees to the appointment"',
    );
    expect(builtInHandleLabel('noMatch')).toBe('no match');
    expect(builtInHandleLabel('timeout', 'PT2H')).toBe('after 2 hours');
    expect(builtInHandleLabel('else')).toBe('otherwise');
  });

  it('reads condition rules as sentences', () => {
    expect(ruleSentence({ variable: 'city', op: 'equals', value: 'Paris' })).toBe('city is "Paris"');
    expect(ruleSentence({ variable: 'city', op: 'notEquals', value: 'Paris' })).toBe('city is not "Paris"');
    expect(ruleSentence({ variable: 'age', op: 'gt', value: '30' })).toBe('age is more than 30');
    expect(ruleSentence({ variable: 'email', op: 'exists' })).toBe('email has a value');
    expect(ruleSentence({ variable: '', op: 'contains', value: 'x' })).toBe('(no variable) contains "x"');
  });

  it('names palette buttons and truncates on word boundaries', () => {
    expect(addNodeLabel('waitForReply')).toBe('Add wait for reply node');
    expect(addNodeLabel('message')).toBe('Add message node');
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('hello wonderful world', 20)).toBe('hello wonderful…');
    expect(truncate('hello wonderful world', 12)).toBe('hello wonde…');
    expect(truncate('abcdefghijklmnop', 6)).toBe('abcde…');
  });
});

describe('message preview', () => {
  it('splits variables out of the text and flags broken placeholders', () => {
    expect(messageSegments('Hi {{ firstName }}, {{first name}} {{}}!')).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'variable', name: 'firstName' },
      { kind: 'text', text: ', ' },
      { kind: 'broken', text: '{{first name}}' },
      { kind: 'text', text: ' ' },
      { kind: 'broken', text: '{{}}' },
      { kind: 'text', text: '!' },
    ]);
    expect(messageSegments('')).toEqual([]);
  });

  it('truncates long bodies without splitting a variable', () => {
    expect(previewSegments('Hello {{name}} and a very long tail of text', 12)).toEqual([
      { kind: 'text', text: 'Hello ' },
      { kind: 'variable', name: 'name' },
      { kind: 'text', text: ' …' },
    ]);
    expect(previewSegments('Hi {{name}}', 5)).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'variable', name: 'name' },
    ]);
    expect(previewSegments('Hi {{name}} there', 5)).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'variable', name: 'name' },
      { kind: 'text', text: '…' },
    ]);
    expect(shortSid(`HX${'ab'.repeat(16)}`)).toBe('HXabab…abab');
  });
});
