import { describe, expect, it } from 'vitest';
import { normalizeAudience, type TRawAudienceRow } from './index.js';

const GB = '+442079460958';
const US = '+14155552671';

function row(n: number, phone: string, vars: Record<string, string> = {}, problem?: string): TRawAudienceRow {
  return problem === undefined ? { row: n, phone, vars } : { row: n, phone, vars, problem };
}

describe('normalizeAudience', () => {
  it('keeps the first row of a number even when that row is rejected', () => {
    const result = normalizeAudience(
      [row(10, GB), row(11, ` ${GB}`, { name: 'x' }), row(12, US, {}, 'bad row'), row(13, US, { name: 'y' })],
      {
        requiredVariables: ['name'],
      },
    );
    expect(result.accepted).toEqual([]);
    expect(result.rejected).toStrictEqual([
      { row: 10, phone: GB, reason: 'missing variable(s): name' },
      { row: 11, phone: ` ${GB}`, reason: 'duplicate of row 10' },
      { row: 12, phone: US, reason: 'bad row' },
      { row: 13, phone: US, reason: 'duplicate of row 12' },
    ]);
  });

  it("reports the parser's row problem before an invalid or duplicate phone", () => {
    const result = normalizeAudience([
      row(2, GB),
      row(3, GB, {}, 'bad row'),
      row(4, '', {}, 'phone must be a string'),
      row(5, ''),
    ]);
    expect(result.rejected).toStrictEqual([
      { row: 3, phone: GB, reason: 'bad row' },
      { row: 4, phone: '', reason: 'phone must be a string' },
      { row: 5, phone: '', reason: 'phone number is empty' },
    ]);
  });

  it('reports a row problem before an opt-out, and an opt-out before missing variables', () => {
    const excludedPhones = new Set([GB, US]);
    const result = normalizeAudience([row(2, GB, {}, 'bad row'), row(3, US)], {
      excludedPhones,
      requiredVariables: ['name'],
    });
    expect(result.rejected.map((r) => r.reason)).toEqual(['bad row', 'opted out']);
  });

  it('treats the same raw phone under different default countries independently', () => {
    const gb = normalizeAudience([row(2, '020 7946 0958')], { defaultCountry: 'GB' });
    const us = normalizeAudience([row(2, '020 7946 0958')], { defaultCountry: 'US' });
    expect(gb.accepted.map((c) => c.phone)).toEqual([GB]);
    expect(us.accepted).toEqual([]);
  });
});
