import { describe, expect, it } from 'vitest';
import { consentKeyword, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from './opt-out.js';

describe('consentKeyword', () => {
  it.each(OPT_OUT_KEYWORDS)('reads %s in any case, with spaces and punctuation, as an opt-out', (keyword) => {
    for (const variant of [keyword, keyword.toLowerCase(), ` ${keyword[0]}${keyword.slice(1).toLowerCase()}! `]) {
      expect(consentKeyword(variant)).toEqual({ kind: 'opt_out', keyword });
    }
  });

  it("reads Twilio's whole default opt-out list, REVOKE and OPTOUT included", () => {
    for (const keyword of ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'])
      expect(consentKeyword(keyword.toLowerCase())).toEqual({ kind: 'opt_out', keyword });
  });

  it.each(OPT_IN_KEYWORDS)('reads %s as an opt-in', (keyword) => {
    expect(consentKeyword(keyword.toLowerCase())).toEqual({ kind: 'opt_in', keyword });
  });

  it('does not read sentences or other words as keywords', () => {
    for (const text of ['please stop texting me', 'stopped', 'no', '', undefined, 'STOP NOW'])
      expect(consentKeyword(text)).toBeUndefined();
  });
});
