import { describe, expect, it } from 'vitest';
import { surveyJourney } from '../../../core/journey/fixtures.js';
import { journeyToFlow } from './convert';
import { DEFAULT_NODE_SIZE, layoutFlow, layoutNodes } from './layout';

describe('layoutNodes', () => {
  it('places every node, each step right of the one before it', () => {
    const { nodes, edges } = journeyToFlow(surveyJourney());
    const placed = layoutNodes(nodes, edges);
    expect(placed).toHaveLength(nodes.length);
    const x = new Map(placed.map((n) => [n.id, n.position.x]));
    for (const node of placed) {
      expect(Number.isFinite(node.position.x) && Number.isFinite(node.position.y)).toBe(true);
    }
    for (const edge of edges) {
      expect(x.get(edge.target)).toBeGreaterThan((x.get(edge.source) ?? 0) + DEFAULT_NODE_SIZE.width - 1);
    }
  });

  it('stacks branches vertically without overlap and keeps node fields', () => {
    const { nodes, edges } = journeyToFlow(surveyJourney());
    const placed = layoutNodes(nodes, edges);
    const branches = placed.filter((n) => ['thanks-yes', 'thanks-no', 'no-answer'].includes(n.id));
    const ys = branches.map((n) => n.position.y).sort((a, b) => a - b);
    expect(new Set(branches.map((n) => n.position.x)).size).toBe(1);
    for (let i = 1; i < ys.length; i++)
      expect((ys[i] ?? 0) - (ys[i - 1] ?? 0)).toBeGreaterThanOrEqual(DEFAULT_NODE_SIZE.height);
    expect(placed.find((n) => n.id === 'reply')?.data).toBe(nodes.find((n) => n.id === 'reply')?.data);
  });

  it('uses measured sizes, handles parallel edges, cycles and missing endpoints', () => {
    const nodes = [
      { id: 'a', position: { x: 0, y: 0 }, measured: { width: 500, height: 50 } },
      { id: 'b', position: { x: 0, y: 0 } },
    ];
    const edges = [
      { id: '1', source: 'a', target: 'b' },
      { id: '2', source: 'a', target: 'b' },
      { id: '3', source: 'b', target: 'a' },
      { id: '4', source: 'b', target: 'ghost' },
    ];
    const [a, b] = layoutNodes(nodes, edges);
    expect(Math.abs((b?.position.x ?? 0) - (a?.position.x ?? 0))).toBeGreaterThanOrEqual(500);
  });

  it('stacks branch targets in the order of their handles, however edges are listed', () => {
    const { nodes, edges } = journeyToFlow(surveyJourney());
    for (const list of [edges, [...edges].reverse()]) {
      const placed = layoutFlow(nodes, list);
      const order = placed
        .filter((n) => ['thanks-yes', 'thanks-no', 'no-answer'].includes(n.id))
        .sort((a, b) => a.position.y - b.position.y)
        .map((n) => n.id);
      // yes, no, then the timeout's target (noMatch is not connected in the survey).
      expect(order).toEqual(['thanks-yes', 'thanks-no', 'no-answer']);
    }
  });
});
