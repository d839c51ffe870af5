/**
 * Campaigns set up through the API (no browser involved), for browser tests about what the
 * app shows of them afterwards: the message log, the phone simulator, stopping one.
 */
import type { Account, WebStack } from './web-stack.js';

/** A bearer token of `account`, from POST /api/auth/login, for calls that are not the browser's. */
export async function apiToken(stack: WebStack, account: Account): Promise<string> {
  const res = await stack.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface CampaignContact {
  phone: string;
  vars: Record<string, string>;
}

/** Starts a campaign with a written body (POST /api/campaigns as JSON) and returns its id. */
export async function startCampaign(
  stack: WebStack,
  token: string,
  input: { name: string; channel: 'sms' | 'whatsapp'; body: string; contacts: readonly CampaignContact[] },
): Promise<string> {
  const res = await stack.request('/api/campaigns', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: input.name,
      message: { channel: input.channel, body: input.body },
      contacts: input.contacts,
    }),
  });
  if (res.status !== 202) throw new Error(`POST /api/campaigns answered ${res.status}: ${await res.text()}`);
  const created = (await res.json()) as { campaignId: string; accepted: number };
  if (created.accepted !== input.contacts.length)
    throw new Error(`only ${created.accepted} of ${input.contacts.length} contacts were accepted`);
  return created.campaignId;
}

export interface CampaignState {
  status: string;
  total: number;
  pending: number;
  sent: number;
  delivered: number;
  failed: number;
  suppressed: number;
}

/** GET /api/campaigns/:id: the status and the live counts. */
export async function campaignState(stack: WebStack, token: string, campaignId: string): Promise<CampaignState> {
  const res = await stack.request(`/api/campaigns/${campaignId}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200)
    throw new Error(`GET /api/campaigns/${campaignId} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CampaignState;
}

let sequence = 0;

/**
 * A valid US mobile number nobody else in this run uses: the sandbox's phone list and
 * conversations are shared by every test of the stack. (+1 917 with a 2-8 exchange is
 * valid for libphonenumber; the sandbox's magic numbers are +1 500 555.)
 */
export function newPhone(): string {
  sequence += 1;
  const exchange = 200 + Math.floor(Math.random() * 700);
  return `+1917${exchange}${String(Math.floor(Math.random() * 10))}${String(sequence % 1000).padStart(3, '0')}`;
}
