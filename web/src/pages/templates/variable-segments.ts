import { isVariableName } from '../../../../core/index.js';

/** A run of template text: plain text, a valid `{{ name }}` placeholder, or braces that are not one. */
export type TSegment =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; text: string; name: string }
  | { kind: 'malformed'; text: string };

// Any `{{...}}` without braces inside; whether it is a placeholder is decided by core's
// isVariableName, so the preview agrees with what the API renders.
const BRACED = /\{\{([^{}]*)\}\}/g;

/**
 * Splits text into segments for a live preview: valid placeholders (the ones core's
 * templateVariables finds) become `variable`, `{{ first name }}` or `{{}}` become
 * `malformed`, everything else `text`. Joining every segment's text gives the input back.
 */
export function variableSegments(text: string): TSegment[] {
  const segments: TSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(BRACED)) {
    const start = match.index;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    const inner = (match[1] ?? '').trim();
    segments.push(
      isVariableName(inner) ? { kind: 'variable', text: match[0], name: inner } : { kind: 'malformed', text: match[0] },
    );
    last = start + match[0].length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
