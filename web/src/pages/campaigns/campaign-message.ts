import { templateVariables } from '../../../../core/index.js';
import type { components } from '../../api-client/schema';

export type TCampaign = components['schemas']['Campaign'];
export type TChannel = TCampaign['channel'];
export type TCampaignStatus = TCampaign['status'];

/** The `message` of POST /api/campaigns: free text with {{variables}}, or an approved WhatsApp template. */
export type TCampaignMessage =
  | { channel: TChannel; body: string }
  | { channel: 'whatsapp'; contentSid: string; contentVariables: Record<string, string> };

/** What a template contributes to a campaign. */
export interface TTemplateSource {
  content: string;
  contentSid: string | null;
  variables: string[];
}

/**
 * The message for a campaign that uses a template. On WhatsApp a template Twilio approved
 * (it has a contentSid) is sent as that template, its positional variables "1", "2", ...
 * filled from the template's named variables in order; otherwise its text is the body.
 */
export function templateMessage(channel: TChannel, template: TTemplateSource): TCampaignMessage {
  if (channel === 'whatsapp' && template.contentSid) {
    const contentVariables = Object.fromEntries(template.variables.map((name, i) => [String(i + 1), `{{${name}}}`]));
    return { channel, contentSid: template.contentSid, contentVariables };
  }
  return { channel, body: template.content };
}

/** Variables each recipient needs for the message to render (like the API, `phone` is built in). */
export function messageVariables(message: TCampaignMessage): string[] {
  const texts = 'body' in message ? [message.body] : Object.values(message.contentVariables);
  return [...new Set(texts.flatMap((text) => templateVariables(text)))].filter((name) => name !== 'phone');
}

const FINISHED: ReadonlySet<TCampaignStatus> = new Set(['done', 'failed', 'stopped']);

/** Whether the campaign may still send (and can still be stopped). */
export function isCampaignActive(status: TCampaignStatus): boolean {
  return !FINISHED.has(status);
}

/**
 * Whether the campaign's counts can still move, so its page keeps refreshing: it may still
 * send, or it was stopped and sends still in the queue are yet to be held back (`pending`).
 */
export function isCampaignLive(campaign: { status: TCampaignStatus; pending: number }): boolean {
  return isCampaignActive(campaign.status) || campaign.pending > 0;
}

/**
 * How far the campaign is, 0-100: recipients with an outcome (accepted by Twilio, failed
 * or held back) over the total. Undelivered messages count in both `sent` and `failed`,
 * so the sum is capped; a finished campaign is 100 whatever stopped it.
 */
export function campaignProgress(
  campaign: Pick<TCampaign, 'status' | 'total' | 'sent' | 'failed' | 'suppressed'>,
): number {
  if (!isCampaignActive(campaign.status)) return 100;
  if (campaign.total <= 0) return 0;
  const handled = Math.min(campaign.total, campaign.sent + campaign.failed + campaign.suppressed);
  return Math.round((handled / campaign.total) * 100);
}
