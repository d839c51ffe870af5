import { describe, expect, it } from 'vitest';
import type { TSplitBranch } from './journey/node-schemas.js';
import { chooseSplitBranch, hash32 } from './split.js';

function tally(branches: TSplitBranch[], seeds: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < seeds; i++) {
    const id = chooseSplitBranch(branches, `contact-${i}:split-1`);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('hash32', () => {
  it('is a stable unsigned 32-bit value', () => {
    const h = hash32('contact-1:split-1');
    expect(hash32('contact-1:split-1')).toBe(h);
    expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    expect(hash32('contact-2:split-1')).not.toBe(h);
  });

  it('pins known outputs so a change of algorithm cannot slip in unnoticed', () => {
    // Changing these moves running contacts to other branches on workflow replay.
    expect([hash32(''), hash32('a'), hash32('contact-1:split-1')]).toMatchInlineSnapshot(`
      [
        2872998923,
        444641715,
        2079596289,
      ]
    `);
  });
});

describe('chooseSplitBranch', () => {
  const abc: TSplitBranch[] = [
    { id: 'a', percent: 50 },
    { id: 'b', percent: 30 },
    { id: 'c', percent: 20 },
  ];

  it('gives the same branch for the same seed', () => {
    for (let i = 0; i < 100; i++) {
      const seed = `c${i}:n`;
      expect(chooseSplitBranch(abc, seed)).toBe(chooseSplitBranch(abc, seed));
    }
  });

  it('distributes 10,000 seeds within 2 percentage points of the percents', () => {
    const counts = tally(abc, 10_000);
    for (const branch of abc) {
      const share = ((counts.get(branch.id) ?? 0) / 10_000) * 100;
      expect(Math.abs(share - branch.percent)).toBeLessThanOrEqual(2);
    }
  });

  it('never picks a 0% branch and always picks a 100% branch', () => {
    const counts = tally(
      [
        { id: 'off', percent: 0 },
        { id: 'on', percent: 100 },
      ],
      1_000,
    );
    expect(counts.get('off')).toBeUndefined();
    expect(counts.get('on')).toBe(1_000);
  });

  it('splits an even 10-way split evenly', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ id: `b${i}`, percent: 10 }));
    const counts = tally(ten, 10_000);
    for (const branch of ten) expect(Math.abs((counts.get(branch.id) ?? 0) / 100 - 10)).toBeLessThanOrEqual(2);
  });

  it('throws when no branch can be chosen', () => {
    expect(() => chooseSplitBranch([{ id: 'x', percent: 0 }], 's')).toThrow(/positive percent/);
    expect(() => chooseSplitBranch([], 's')).toThrow();
  });
});
