import { describe, expect, it } from 'vitest';
import { cyclicComponents, stronglyConnectedComponents } from './cycles.js';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

function sorted(components: string[][]): string[][] {
  return components.map((c) => [...c].sort()).sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

describe('stronglyConnectedComponents', () => {
  it('groups mutually reachable nodes', () => {
    const succ = graph({ a: ['b'], b: ['c'], c: ['a', 'd'], d: ['e'], e: ['d'], f: [] });
    expect(sorted(stronglyConnectedComponents(['a', 'b', 'c', 'd', 'e', 'f'], succ))).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
      ['f'],
    ]);
  });

  it('ignores edges to nodes outside the node list', () => {
    const succ = graph({ a: ['x'], x: ['a'] });
    expect(stronglyConnectedComponents(['a'], succ)).toEqual([['a']]);
  });

  it('handles a 100,000-node chain without overflowing the stack', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `n${i}`);
    const succ = new Map(ids.map((id, i) => [id, i + 1 < ids.length ? [`n${i + 1}`] : [`n0`]]));
    expect(stronglyConnectedComponents(ids, succ)).toHaveLength(1);
  });
});

describe('cyclicComponents', () => {
  it('keeps multi-node components and self-loops only', () => {
    const succ = graph({ a: ['b'], b: ['a'], c: ['c'], d: ['a'] });
    expect(sorted(cyclicComponents(['a', 'b', 'c', 'd'], succ))).toEqual([['a', 'b'], ['c']]);
  });

  it('finds none in a DAG', () => {
    expect(cyclicComponents(['a', 'b', 'c'], graph({ a: ['b', 'c'], b: ['c'] }))).toEqual([]);
  });
});
