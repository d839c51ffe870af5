import { formatMs } from '../../core/index.js';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatTime(date: Date): string {
  return time.format(date);
}

/** An ISO timestamp from the API, in the viewer's locale. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** Seconds in words, largest unit first: 120 -> "2 minutes" (core's formatMs). */
export function formatSeconds(seconds: number): string {
  return formatMs(seconds * 1000);
}

/** What a message shows: its text, or which template it used when it has none. */
export function messageText(message: { body: string | null; contentSid: string | null }): string {
  if (message.body) return message.body;
  if (message.contentSid) return `Template ${message.contentSid}`;
  return '(empty message)';
}

export function isOutbound(message: { direction: string }): boolean {
  return message.direction !== 'inbound';
}
