import { describe, expect, it } from 'vitest';
import { decorateEdges } from './edge-style';

describe('decorateEdges', () => {
  const edges = [
    { id: 'a', source: 'x', target: 'y' },
    { id: 'b', source: 'y', target: 'z' },
  ];

  it('marks broken edges red with their message and leaves the rest untouched', () => {
    const shown = decorateEdges(
      edges,
      new Map([['b', [{ code: 'dangling_edge' as const, message: 'points nowhere' }]]]),
    );
    expect(shown[0]).toBe(edges[0]);
    expect(shown[1]).toMatchObject({ label: 'points nowhere', style: { stroke: '#d32f2f' } });
  });

  it('returns the same array when nothing is broken', () => {
    expect(decorateEdges(edges, new Map())).toBe(edges);
  });
});
