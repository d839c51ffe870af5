import { isVariableName } from '../../../core/index.js';
import { truncate } from './describe';

/** A piece of a message preview: plain text, a `{{variable}}`, or a broken placeholder. */
export type TSegment =
  { kind: 'text'; text: string } | { kind: 'variable'; name: string } | { kind: 'broken'; text: string };

const BRACES = /\{\{([^{}]*)\}\}/g;

/**
 * Splits a message body into text and placeholders so the canvas can show variables as
 * chips. Valid names follow core's rule (isVariableName); anything else in braces is
 * marked broken, since core refuses to send it.
 */
export function messageSegments(body: string): TSegment[] {
  const segments: TSegment[] = [];
  let last = 0;
  for (const match of body.matchAll(BRACES)) {
    const start = match.index;
    if (start > last) segments.push({ kind: 'text', text: body.slice(last, start) });
    const name = (match[1] ?? '').trim();
    segments.push(isVariableName(name) ? { kind: 'variable', name } : { kind: 'broken', text: match[0] });
    last = start + match[0].length;
  }
  if (last < body.length) segments.push({ kind: 'text', text: body.slice(last) });
  return segments;
}

const visibleLength = (s: TSegment) => (s.kind === 'variable' ? s.name.length : s.text.length);

/**
 * The first `max` visible characters of a message as segments. Variables count by their
 * name and are never cut in half; text is truncated with an ellipsis.
 */
export function previewSegments(body: string, max = 120): TSegment[] {
  const out: TSegment[] = [];
  let room = max;
  for (const segment of messageSegments(body)) {
    if (room <= 0) return [...out, { kind: 'text', text: '…' }];
    if (segment.kind === 'text' && segment.text.length > room)
      return [...out, { kind: 'text', text: truncate(segment.text, room) }];
    out.push(segment);
    room -= visibleLength(segment);
  }
  return out;
}

/** A template sid shortened for a node: "HX1a2b…9f0e". */
export function shortSid(sid: string): string {
  return sid.length > 14 ? `${sid.slice(0, 6)}…${sid.slice(-4)}` : sid;
}
