import { describe, expect, it } from 'vitest';
import { malformedPlaceholders, missingVariables, renderTemplate, templateVariables, variableValue } from './render.js';

describe('templateVariables', () => {
  it('finds names with and without inner spaces, once each, in order of first use', () => {
    expect(templateVariables('Hi {{firstName}}, {{ order.id }} for {{firstName}} at {{  phone }}')).toEqual([
      'firstName',
      'order.id',
      'phone',
    ]);
  });

  it('accepts _ . - and digits after the first character, not a leading digit', () => {
    expect(templateVariables('{{_a1.b-c}} {{1abc}} {{first name}}')).toEqual(['_a1.b-c']);
  });

  it('returns nothing for plain text', () => {
    expect(templateVariables('no placeholders { here }')).toEqual([]);
  });
});

describe('malformedPlaceholders', () => {
  it('reports brace sequences that are not placeholders', () => {
    expect(malformedPlaceholders('Hi {{ first name }} {{}} {{ok}} {{oops')).toEqual(['{{ first name }}', '{{}}', '{{']);
  });

  it('is empty for well-formed text', () => {
    expect(malformedPlaceholders('Hi {{name}}, single {braces} are fine')).toEqual([]);
  });
});

describe('renderTemplate', () => {
  it('fills every placeholder', () => {
    expect(
      renderTemplate('Hi {{ firstName }}, your code is {{code}}. We will call {{phone}}.', {
        firstName: 'Ana',
        code: 42,
        phone: '+5511987654321',
      }),
    ).toEqual({ ok: true, text: 'Hi Ana, your code is 42. We will call +5511987654321.' });
  });

  it('fails listing each missing variable once, never rendering an empty string', () => {
    expect(renderTemplate('{{a}} {{b}} {{a}} {{c}}', { b: 'x', c: '  ' })).toEqual({ ok: false, missing: ['a', 'c'] });
  });

  it('treats null as missing but false and 0 as values', () => {
    expect(renderTemplate('{{x}}', { x: null })).toEqual({ ok: false, missing: ['x'] });
    expect(renderTemplate('{{x}}/{{y}}', { x: false, y: 0 })).toEqual({ ok: true, text: 'false/0' });
  });

  it('does not read inherited properties', () => {
    expect(renderTemplate('{{constructor}}', {})).toEqual({ ok: false, missing: ['constructor'] });
  });

  it('inserts values literally: no re-expansion and no $-patterns', () => {
    expect(renderTemplate('{{a}}', { a: '{{b}} $& $1', b: 'no' })).toEqual({ ok: true, text: '{{b}} $& $1' });
  });
});

describe('missingVariables and variableValue', () => {
  it('lists names without a value in the given order', () => {
    expect(missingVariables(['z', 'a', 'k'], { k: 'v', a: '' })).toEqual(['z', 'a']);
  });

  it('stringifies scalars', () => {
    expect(variableValue({ n: 3.5 }, 'n')).toBe('3.5');
    expect(variableValue({}, 'n')).toBeUndefined();
  });
});
