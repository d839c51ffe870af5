import { describe, expect, it } from 'vitest';
import { campaignFormData, createProblems, draftMessage, EMPTY_MESSAGE } from './create-campaign';

const templates = [{ id: 't1', content: 'Hi {{name}}', contentSid: null, variables: ['name'] }];

describe('draftMessage', () => {
  it('is undefined until the body or template is chosen', () => {
    expect(draftMessage(EMPTY_MESSAGE, templates)).toBeUndefined();
    expect(draftMessage({ ...EMPTY_MESSAGE, source: 'template' }, templates)).toBeUndefined();
  });

  it('builds a body or a template message', () => {
    expect(draftMessage({ ...EMPTY_MESSAGE, channel: 'sms', body: 'Hello' }, templates)).toEqual({
      channel: 'sms',
      body: 'Hello',
    });
    expect(draftMessage({ ...EMPTY_MESSAGE, source: 'template', templateId: 't1' }, templates)).toEqual({
      channel: 'whatsapp',
      body: 'Hi {{name}}',
    });
  });
});

describe('campaignFormData', () => {
  it('sends the fields the campaigns route reads, message as JSON text', async () => {
    const form = campaignFormData({
      name: ' Spring ',
      message: { channel: 'sms', body: 'Hi' },
      phoneColumn: 'mobile',
      file: new Blob(['mobile\n+1\n']),
      fileName: 'a.csv',
    });
    expect(form.get('name')).toBe('Spring');
    expect(JSON.parse(String(form.get('message')))).toEqual({ channel: 'sms', body: 'Hi' });
    expect(form.get('phoneColumn')).toBe('mobile');
    const file = form.get('file');
    expect(file).toBeInstanceOf(Blob);
    expect(await (file as Blob).text()).toBe('mobile\n+1\n');
  });
});

describe('createProblems', () => {
  it('reads rejected rows', () => {
    const rejected = [{ row: 2, phone: 'x', reason: 'not a phone number' }];
    expect(createProblems({ rejected })).toEqual({ rejected, problems: [] });
  });

  it('reads CSV problems and field issues as lines', () => {
    expect(
      createProblems({ problems: [{ line: 1, column: 2, reason: 'bad header' }, { reason: 'empty' }] }).problems,
    ).toEqual(['line 1, column 2: bad header', 'empty']);
    expect(createProblems([{ path: 'name', message: 'required' }]).problems).toEqual(['name: required']);
  });

  it('ignores anything else', () => {
    expect(createProblems(undefined)).toEqual({ rejected: [], problems: [] });
    expect(createProblems({ maxBytes: 10 })).toEqual({ rejected: [], problems: [] });
  });
});
