import {
  ELSE_HANDLE,
  formatDuration,
  NO_MATCH_HANDLE,
  parseDuration,
  TIMEOUT_HANDLE,
  type TConditionRule,
  type TNodeType,
  type TReplyBranch,
} from '../../../core/index.js';

/**
 * Words for what people read on the canvas. Pure so the wording is tested and the same
 * in the builder, the read-only graph and the side panel.
 */

/** "P3D" -> "3 days", "PT90M" -> "1 hour 30 minutes"; says so when the duration is unusable. */
export function durationWords(iso: string): string {
  if (iso.trim() === '') return 'no duration set';
  return parseDuration(iso).ok ? formatDuration(iso) : `invalid duration "${iso}"`;
}

/** Label of a waitForReply's timeout handle: "after 1 day". */
export function timeoutLabel(iso: string): string {
  return parseDuration(iso).ok ? `after ${formatDuration(iso)}` : 'on timeout';
}

/** Short label of a reply branch handle: its id as the customer would type it, "YES". */
export function branchLabel(branch: Pick<TReplyBranch, 'id'>): string {
  return branch.id.trim() === '' ? '(unnamed)' : branch.id.toUpperCase();
}

/** What a reply branch matches, in words: 'is "yes"', 'contains "stop"', "any reply". */
export function branchDetail(branch: Pick<TReplyBranch, 'match' | 'value'>): string {
  const value = branch.value ?? '';
  switch (branch.match) {
    case 'equals':
      return `reply is "${value}"`;
    case 'contains':
      return `reply contains "${value}"`;
    case 'regex':
      return `reply matches /${value}/`;
    case 'payload':
      return `button "${value}"`;
    case 'any':
      return 'any reply';
    case 'intent':
      return `reply means "${value}"`;
  }
}

const OP_WORDS: Record<TConditionRule['op'], string> = {
  equals: 'is',
  notEquals: 'is not',
  contains: 'contains',
  exists: 'has a value',
  gt: 'is more than',
  lt: 'is less than',
};

/** A condition rule as a sentence: 'city is "Paris"', "age is more than 30", "email has a value". */
export function ruleSentence(rule: Pick<TConditionRule, 'variable' | 'op' | 'value'>): string {
  const variable = rule.variable.trim() === '' ? '(no variable)' : rule.variable;
  if (rule.op === 'exists') return `${variable} ${OP_WORDS.exists}`;
  const value = rule.op === 'gt' || rule.op === 'lt' ? (rule.value ?? '') : `"${rule.value ?? ''}"`;
  return `${variable} ${OP_WORDS[rule.op]} ${value}`;
}

/** How a built-in handle reads on the canvas. */
export function builtInHandleLabel(handle: string, timeout = ''): string {
  if (handle === NO_MATCH_HANDLE) return 'no match';
  if (handle === TIMEOUT_HANDLE) return timeoutLabel(timeout);
  if (handle === ELSE_HANDLE) return 'otherwise';
  return handle;
}

/** Readable name of each node type, used in the palette, node headers and problems. */
export const NODE_TITLES: Record<TNodeType, string> = {
  start: 'Start',
  message: 'Message',
  wait: 'Wait',
  waitForReply: 'Wait for reply',
  condition: 'Condition',
  split: 'Split',
  end: 'End',
};

/** One line per type for the palette. */
export const NODE_HINTS: Record<TNodeType, string> = {
  start: 'Where every contact enters',
  message: 'Send a WhatsApp or SMS message',
  wait: 'Pause for minutes, hours or days',
  waitForReply: 'Branch on the reply, or on silence',
  condition: 'Branch on a contact field',
  split: 'A/B test: random split by percent',
  end: 'The contact leaves the journey',
};

/** The palette button's accessible name: "Add wait for reply node". */
export function addNodeLabel(type: TNodeType): string {
  return `Add ${NODE_TITLES[type].toLowerCase()} node`;
}

/** Cuts text to `max` characters on a word boundary when one is near, adding an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
