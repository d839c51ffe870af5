import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * `SM` + 32 lowercase hex, like Twilio. The first 12 hex digits are the creation time in
 * ms and the next 4 a per-millisecond counter, so within one process sids sort in
 * creation order and break ties between rows created in the same millisecond.
 */
export function createMessageSid(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else {
    counter = (counter + 1) & 0xffff;
    if (counter === 0) lastMs += 1;
  }
  const time = lastMs.toString(16).padStart(12, '0').slice(-12);
  const seq = counter.toString(16).padStart(4, '0');
  return `SM${time}${seq}${randomBytes(8).toString('hex')}`;
}

/** Request ids as Twilio sends them in `Twilio-Request-Id`. */
export function createRequestSid(): string {
  return `RQ${randomBytes(16).toString('hex')}`;
}

/** Shape of a Twilio Message sid. */
export const MESSAGE_SID_PATTERN = /^SM[0-9a-f]{32}$/;
