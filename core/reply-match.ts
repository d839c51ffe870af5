import type { TReplyBranch } from './journey/node-schemas.js';
import { compileLegacyReplyRegex, compileReplyRegex } from './regex-safety.js';

/**
 * Which engine runs regex branches. 're2' (the default) is linear-time; a pattern RE2 cannot
 * compile can only belong to a contact launched before RE2 (saving and launching refuse
 * them), and keeps the JavaScript RegExp it was accepted with. 'legacy' is the RegExp of
 * every pattern, for replaying decisions made before the change.
 */
export type TRegexEngine = 're2' | 'legacy';

/** An inbound reply: free text, a quick-reply button payload, or both. */
export interface TReply {
  text?: string | undefined;
  payload?: string | undefined;
}

/**
 * Folds text so that "  Sí,   CLARO " and "si, claro" compare equal: lowercases, strips
 * accents (NFD + removal of combining marks), trims and collapses inner whitespace.
 */
export function normalizeText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
}

function hasContent(s: string | undefined): s is string {
  return s !== undefined && s.trim() !== '';
}

function matchesText(branch: TReplyBranch, text: string, engine: TRegexEngine): boolean {
  const value = branch.value ?? '';
  if (branch.match === 'equals') return normalizeText(text) === normalizeText(value);
  if (branch.match === 'contains') return normalizeText(text).includes(normalizeText(value));
  const regex = (engine === 're2' ? compileReplyRegex(value) : undefined) ?? compileLegacyReplyRegex(value);
  // Either form may match: the original keeps accents a pattern may name, the normalized
  // form lets a plain-ASCII pattern match accented or oddly spaced replies.
  return regex !== undefined && (regex.test(text.trim()) || regex.test(normalizeText(text)));
}

/** Whether one branch accepts the reply. */
export function branchMatches(branch: TReplyBranch, reply: TReply, engine: TRegexEngine = 're2'): boolean {
  switch (branch.match) {
    case 'any':
      return hasContent(reply.text) || hasContent(reply.payload);
    case 'payload':
      return (
        hasContent(reply.payload) && reply.payload.trim().toLowerCase() === (branch.value ?? '').trim().toLowerCase()
      );
    default:
      return hasContent(reply.text) && matchesText(branch, reply.text, engine);
  }
}

/**
 * Id of the first branch that accepts the reply, or undefined when none does (the caller
 * then follows the noMatch handle). Branch order is priority.
 */
export function matchReply(
  branches: readonly TReplyBranch[],
  reply: TReply,
  engine: TRegexEngine = 're2',
): string | undefined {
  return branches.find((branch) => branchMatches(branch, reply, engine))?.id;
}
