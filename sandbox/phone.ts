/** Channels the sandbox speaks; WhatsApp addresses carry Twilio's `whatsapp:` prefix. */
export type Channel = 'whatsapp' | 'sms';

const WHATSAPP_PREFIX = 'whatsapp:';

/** E.164 as Twilio accepts it: `+`, a non-zero digit, 8–15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;

export function channelOf(address: string): Channel {
  return address.startsWith(WHATSAPP_PREFIX) ? 'whatsapp' : 'sms';
}

/** `whatsapp:+15551234567` → `+15551234567`; other addresses unchanged. */
export function bareAddress(address: string): string {
  return address.startsWith(WHATSAPP_PREFIX) ? address.slice(WHATSAPP_PREFIX.length) : address;
}

export function addressFor(phone: string, channel: Channel): string {
  return channel === 'whatsapp' ? `${WHATSAPP_PREFIX}${phone}` : phone;
}

export function isE164(value: string): boolean {
  return E164_PATTERN.test(value);
}

/**
 * Query strings decode `+` as a space, so `?to=+1555…` arrives as ` 1555…`. Restores
 * the plus for a bare or `whatsapp:` number written that way.
 */
export function repairPlus(value: string): string {
  const trimmed = value.trim();
  const channel = channelOf(trimmed);
  const bare = bareAddress(trimmed).trim();
  return addressFor(/^\d/.test(bare) ? `+${bare}` : bare, channel);
}
