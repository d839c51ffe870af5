/**
 * Carrier and Twilio compliance keywords: Twilio's default opt-out list (REVOKE and OPTOUT
 * were added by the CTIA's 2025 guidance). A message that is exactly one of these (any
 * case, surrounding spaces and punctuation ignored) changes the sender's consent.
 */
export const OPT_OUT_KEYWORDS: readonly string[] = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
];
export const OPT_IN_KEYWORDS: readonly string[] = ['START', 'UNSTOP', 'YES'];

export type TConsentKeyword = { kind: 'opt_out' | 'opt_in'; keyword: string };

/** The consent keyword a reply is, if it is one; a sentence that merely contains "stop" is not. */
export function consentKeyword(text: string | undefined): TConsentKeyword | undefined {
  if (!text) return undefined;
  const word = text
    .trim()
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .toUpperCase();
  if (OPT_OUT_KEYWORDS.includes(word)) return { kind: 'opt_out', keyword: word };
  if (OPT_IN_KEYWORDS.includes(word)) return { kind: 'opt_in', keyword: word };
  return undefined;
}
