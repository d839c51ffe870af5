import type { TReplyBranch } from './journey/node-schemas.js';
import type { TCompileReplyRegex } from './reply-regex.js';

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

function matchesText(branch: TReplyBranch, text: string, compile: TCompileReplyRegex): boolean {
  const value = branch.value ?? '';
  if (branch.match === 'equals') return normalizeText(text) === normalizeText(value);
  if (branch.match === 'contains') return normalizeText(text).includes(normalizeText(value));
  const regex = compile(value);
  // Either form may match: the original keeps accents a pattern may name, the normalized
  // form lets a plain-ASCII pattern match accented or oddly spaced replies.
  return regex !== undefined && (regex.test(text.trim()) || regex.test(normalizeText(text)));
}

/** Whether one branch accepts the reply. */
export function branchMatches(branch: TReplyBranch, reply: TReply, compile: TCompileReplyRegex): boolean {
  switch (branch.match) {
    case 'any':
      return hasContent(reply.text) || hasContent(reply.payload);
    case 'intent':
      // Decided by the AI model (core/reply-intent.ts), only once no branch here matched.
      return false;
    case 'payload':
      return (
        hasContent(reply.payload) && reply.payload.trim().toLowerCase() === (branch.value ?? '').trim().toLowerCase()
      );
    default:
      return hasContent(reply.text) && matchesText(branch, reply.text, compile);
  }
}

/**
 * Id of the first branch that accepts the reply, or undefined when none does (the caller
 * then asks the intent classifier when the node has intent branches, else follows the
 * noMatch handle). Branch order is priority; intent branches never match here. `compile` compiles regex
 * branches: compileReplyRegexOrLegacy (RE2) for every new match.
 */
export function matchReply(
  branches: readonly TReplyBranch[],
  reply: TReply,
  compile: TCompileReplyRegex,
): string | undefined {
  return branches.find((branch) => branchMatches(branch, reply, compile))?.id;
}
