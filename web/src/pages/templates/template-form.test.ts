import { describe, expect, it } from 'vitest';
import { sameValues, toFormValues } from './template-form';
import type { TTemplate } from './template-queries';

const template: TTemplate = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'welcome',
  content: 'Hi {{name}}',
  variables: ['name'],
  category: 'marketing',
  language: 'en_US',
  approved: false,
  validation: null,
  contentSid: null,
  userId: '00000000-0000-4000-8000-000000000002',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('template form values', () => {
  it('starts a new template as a blank English utility draft', () => {
    expect(toFormValues(undefined)).toEqual({ name: '', category: 'utility', language: 'en', content: '' });
  });

  it('takes the writable fields of a stored template', () => {
    expect(toFormValues(template)).toEqual({
      name: 'welcome',
      category: 'marketing',
      language: 'en_US',
      content: 'Hi {{name}}',
    });
  });

  it('ignores surrounding spaces in the name but not in the content', () => {
    const base = toFormValues(template);
    expect(sameValues(base, { ...base, name: ' welcome ' })).toBe(true);
    expect(sameValues(base, { ...base, content: 'Hi {{name}} ' })).toBe(false);
    expect(sameValues(base, { ...base, category: 'utility' })).toBe(false);
  });
});
