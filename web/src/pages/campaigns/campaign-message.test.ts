import { describe, expect, it } from 'vitest';
import {
  campaignProgress,
  isCampaignActive,
  isCampaignLive,
  messageVariables,
  templateMessage,
} from './campaign-message';

const template = {
  content: 'Hi {{first_name}}, your code {{code}}',
  contentSid: null,
  variables: ['first_name', 'code'],
};
const approved = { ...template, contentSid: 'HX0123456789abcdef0123456789abcdef' };

describe('templateMessage', () => {
  it('sends the template text as the body when Twilio has no content for it', () => {
    expect(templateMessage('whatsapp', template)).toEqual({ channel: 'whatsapp', body: template.content });
  });

  it('sends an approved WhatsApp template with positional variables', () => {
    expect(templateMessage('whatsapp', approved)).toEqual({
      channel: 'whatsapp',
      contentSid: approved.contentSid,
      contentVariables: { '1': '{{first_name}}', '2': '{{code}}' },
    });
  });

  it('uses the text on SMS even for an approved template', () => {
    expect(templateMessage('sms', approved)).toEqual({ channel: 'sms', body: template.content });
  });
});

describe('messageVariables', () => {
  it('lists what recipients need, without the built-in phone', () => {
    expect(messageVariables({ channel: 'sms', body: 'Hi {{name}} at {{phone}} {{name}}' })).toEqual(['name']);
    expect(messageVariables(templateMessage('whatsapp', approved))).toEqual(['first_name', 'code']);
  });
});

describe('campaign progress', () => {
  const base = { total: 10, sent: 0, failed: 0, suppressed: 0 };

  it('counts outcomes over the total while running, capped at 100', () => {
    expect(campaignProgress({ ...base, status: 'running', sent: 4, failed: 1 })).toBe(50);
    expect(campaignProgress({ ...base, status: 'running', sent: 10, failed: 3 })).toBe(100);
    expect(campaignProgress({ ...base, status: 'queued', total: 0 })).toBe(0);
  });

  it('is complete once finished', () => {
    expect(campaignProgress({ ...base, status: 'stopped', sent: 2 })).toBe(100);
    expect(isCampaignActive('stopped')).toBe(false);
    expect(isCampaignActive('running')).toBe(true);
  });

  it('stays live after a stop until the queued sends are held back', () => {
    expect(isCampaignLive({ status: 'running', pending: 0 })).toBe(true);
    expect(isCampaignLive({ status: 'stopped', pending: 3 })).toBe(true);
    expect(isCampaignLive({ status: 'stopped', pending: 0 })).toBe(false);
    expect(isCampaignLive({ status: 'done', pending: 0 })).toBe(false);
  });
});
