import { api, unwrap } from '../../api-client/client';
import { ApiError, getJson } from '../../api-client/http';
import type { SandboxMessages, SandboxPhones, SandboxReply, SandboxReplyResult } from '../../types';
import type { TReplyOption } from './reply-options';

/** Query keys of the simulator; a sent reply invalidates all three for its phone. */
export const simulatorKeys = {
  phones: ['sandbox', 'phones'] as const,
  conversation: (phone: string) => ['sandbox', 'messages', phone] as const,
  replyOptions: (phone: string) => ['reply-options', phone] as const,
};

/** Every sandbox phone, newest conversation first (not in the OpenAPI doc: the sandbox is a dev tool). */
export function fetchPhones(signal: AbortSignal): Promise<SandboxPhones> {
  return getJson<SandboxPhones>('/sandbox/phones', { signal });
}

/** One phone's conversation, oldest first. */
export function fetchConversation(phone: string, signal: AbortSignal): Promise<SandboxMessages> {
  return getJson<SandboxMessages>(`/sandbox/messages?to=${encodeURIComponent(phone)}`, { signal });
}

/** The workspace's contacts of this phone waiting for a reply, with their branches. */
export async function fetchReplyOptions(phone: string, signal: AbortSignal): Promise<TReplyOption[]> {
  return (await unwrap(api.GET('/api/reply-options', { params: { query: { phone } }, signal }))).items;
}

/**
 * Replies as the phone: the sandbox stores the message and posts a signed inbound webhook
 * to the API. A 502 means the message was stored but the webhook could not be delivered.
 */
export async function postReply(reply: SandboxReply): Promise<SandboxReplyResult> {
  const response = await fetch('/sandbox/reply', {
    method: 'POST',
    // The same header the typed client sends: harmless here, and required should the
    // sandbox ever sit behind the cookie session's CSRF check.
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Requested-With': 'initucastt-web' },
    body: JSON.stringify(reply),
  });
  const body = (await response.json().catch(() => undefined)) as
    { error?: { code?: string; message?: string; details?: unknown } } | SandboxReplyResult | undefined;
  if (response.ok && body && 'sid' in body) return body;
  const error = body && 'error' in body ? body.error : undefined;
  throw new ApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `/sandbox/reply answered ${response.status}`,
    error?.details,
  );
}
