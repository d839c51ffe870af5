import { BUILTIN_VARIABLES, templateVariables } from '../../../../core/index.js';

/** The patch that turns a text message into an approved WhatsApp template. */
export function toTemplatePatch(): Record<string, unknown> {
  return { channel: 'whatsapp', body: undefined, contentSid: '', contentVariables: {} };
}

/** The patch that turns a template message back into free text. */
export function toTextPatch(): Record<string, unknown> {
  return { contentSid: undefined, contentVariables: undefined, buttons: undefined, body: '' };
}

/**
 * Inserts `{{name}}` into text at the selection (replacing it) and returns the new text
 * with the caret placed after the inserted placeholder.
 */
export function insertVariable(
  text: string,
  start: number,
  end: number,
  name: string,
): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  const placeholder = `{{${name}}}`;
  return { text: text.slice(0, from) + placeholder + text.slice(to), caret: from + placeholder.length };
}

/**
 * Variables offered for insertion: the contact fields known at launch (when given), those
 * the journey already uses, and the built-in `phone`; sorted, each once.
 */
export function insertableVariables(known: readonly string[] | undefined, texts: readonly string[]): string[] {
  const names = new Set<string>([...(known ?? []), ...BUILTIN_VARIABLES]);
  for (const text of texts) for (const name of templateVariables(text)) names.add(name);
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** Template variable rows in key order ("1", "2", ... numerically). */
export function contentVariableRows(vars: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.entries(vars).sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b));
}

/** The next free template variable key: one above the highest numeric key. */
export function nextContentKey(vars: Readonly<Record<string, string>>): string {
  const numbers = Object.keys(vars).map(Number).filter(Number.isInteger);
  return String(Math.max(0, ...numbers) + 1);
}

/** A copy of the template variables without `key`. */
export function removeContentKey(vars: Readonly<Record<string, string>>, key: string): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).filter(([k]) => k !== key));
}
