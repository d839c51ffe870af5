import { describe, expect, it } from 'vitest';
import { templateVariables } from '../../../../core/index.js';
import { variableSegments } from './variable-segments';

describe('variableSegments', () => {
  it('splits text around placeholders, keeping the exact text', () => {
    const text = 'Hi {{ firstName }}, order {{order.id}} ships.';
    const segments = variableSegments(text);
    expect(segments).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'variable', text: '{{ firstName }}', name: 'firstName' },
      { kind: 'text', text: ', order ' },
      { kind: 'variable', text: '{{order.id}}', name: 'order.id' },
      { kind: 'text', text: ' ships.' },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('marks braces that are not placeholders as malformed', () => {
    expect(variableSegments('{{first name}}{{}}{{1a}}')).toEqual([
      { kind: 'malformed', text: '{{first name}}' },
      { kind: 'malformed', text: '{{}}' },
      { kind: 'malformed', text: '{{1a}}' },
    ]);
  });

  it('leaves lone braces as text', () => {
    expect(variableSegments('a {{ b } c')).toEqual([{ kind: 'text', text: 'a {{ b } c' }]);
    expect(variableSegments('')).toEqual([]);
  });

  it('finds the same variables as core', () => {
    for (const text of ['{{a}} {{ b-c }} {{a}}', 'x {{{y}}} {{ z.w}}', '{{_1}}{{ bad name }}']) {
      const names = [...new Set(variableSegments(text).flatMap((s) => (s.kind === 'variable' ? [s.name] : [])))];
      expect(names).toEqual(templateVariables(text));
    }
  });
});
