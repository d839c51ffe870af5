import { describe, expect, it } from 'vitest';
import { parseCreateContent, renderContent } from './content.js';

const quickReply = {
  friendly_name: 'appointment',
  language: 'en',
  variables: { '1': 'there', '2': 'Monday' },
  types: {
    'twilio/quick-reply': {
      body: 'Hi {{1}}, see you {{2}}?',
      actions: [{ id: 'CONFIRM', title: 'Confirm' }, { title: 'Move to {{2}}' }],
    },
  },
};

describe('sandbox content', () => {
  it("takes Twilio's JSON keys and the twilio client's camelCase ones", () => {
    const snake = parseCreateContent(quickReply);
    const camel = parseCreateContent({
      friendlyName: 'appointment',
      language: 'en',
      variables: quickReply.variables,
      types: { twilioQuickReply: quickReply.types['twilio/quick-reply'] },
    });
    expect(snake).toEqual(camel);
    expect(snake).toMatchObject({
      friendlyName: 'appointment',
      types: { 'twilio/quick-reply': { body: expect.any(String) } },
    });
  });

  it('refuses content without a type it knows, and titles past 20 characters', () => {
    expect(parseCreateContent({ language: 'en', types: {} })).toContain('twilio/text or twilio/quick-reply');
    const long = structuredClone(quickReply);
    long.types['twilio/quick-reply'].actions[0]!.title = 'x'.repeat(21);
    expect(typeof parseCreateContent(long)).toBe('string');
  });

  it("fills body and buttons from the message's variables, else the content's defaults", () => {
    const parsed = parseCreateContent(quickReply);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(renderContent(parsed, JSON.stringify({ 1: 'Ada' }))).toEqual({
      body: 'Hi Ada, see you Monday?',
      buttons: [
        { id: 'CONFIRM', title: 'Confirm' },
        { id: 'Move to Monday', title: 'Move to Monday' },
      ],
    });
    const text = parseCreateContent({ language: 'en', types: { 'twilio/text': { body: 'Code {{1}}' } } });
    if (typeof text === 'string') throw new Error(text);
    expect(renderContent(text, '{"1":42}')).toEqual({ body: 'Code 42', buttons: null });
  });
});
