import { describe, expect, it } from 'vitest';
import { surveyJourney } from '../../../core/journey/fixtures.js';
import { journeyToFlow } from './convert';
import { defaultData, newNodeId } from './defaults';
import {
  addNodeTo,
  canConnect,
  connectEdge,
  freeSpot,
  removeElements,
  selectOnly,
  updateNodeDataIn,
} from './graph-ops';

const survey = () => journeyToFlow(surveyJourney());

describe('graph reducers', () => {
  it('adds nodes with unique readable ids and default data', () => {
    let graph = survey();
    const first = addNodeTo(graph, 'message', { x: 1, y: 2 });
    graph = first.graph;
    const second = addNodeTo(graph, 'message', { x: 1, y: 2 });
    expect([first.id, second.id]).toEqual(['message-1', 'message-2']);
    expect(graph.nodes.at(-1)).toMatchObject({
      type: 'message',
      position: { x: 1, y: 2 },
      data: { channel: 'sms', body: '' },
    });
    expect(newNodeId('wait', ['wait-7', 'wait-x'])).toBe('wait-8');
    expect(newNodeId('start', [])).toBe('start');
    expect(defaultData('waitForReply')).toMatchObject({ timeout: 'P1D', branches: [{ id: 'yes' }, { id: 'no' }] });
  });

  it('connects, and replaces the edge already on a source handle', () => {
    const graph = survey();
    const next = connectEdge(graph, { source: 'reply', sourceHandle: 'yes', target: 'thanks-no' });
    const fromYes = next.edges.filter((e) => e.source === 'reply' && e.sourceHandle === 'yes');
    expect(fromYes).toEqual([
      { id: 'e-reply-yes-thanks-no', source: 'reply', sourceHandle: 'yes', target: 'thanks-no' },
    ]);
    expect(next.edges).toHaveLength(graph.edges.length);
    const defaultOut = connectEdge(graph, { source: 'ask', sourceHandle: null, target: 'end' });
    expect(defaultOut.edges.filter((e) => e.source === 'ask').map((e) => e.target)).toEqual(['end']);
  });

  it('refuses self-loops, edges into start, out of end and repeats', () => {
    const graph = survey();
    expect(connectEdge(graph, { source: 'ask', target: 'ask' })).toBe(graph);
    expect(connectEdge(graph, { source: 'ask', target: 'start' })).toBe(graph);
    expect(connectEdge(graph, { source: 'end', target: 'ask' })).toBe(graph);
    expect(connectEdge(graph, { source: 'reply', sourceHandle: 'yes', target: 'thanks-yes' })).toBe(graph);
    expect(canConnect(graph.nodes, { source: 'ask', target: 'ghost' })).toBe(false);
  });

  it('deletes nodes with their edges but never the start node', () => {
    const graph = survey();
    const next = removeElements(graph, new Set(['reply', 'start']), new Set(['e-yes-end']));
    expect(next.nodes.map((n) => n.id)).not.toContain('reply');
    expect(next.nodes.map((n) => n.id)).toContain('start');
    expect(next.edges.some((e) => e.source === 'reply' || e.target === 'reply' || e.id === 'e-yes-end')).toBe(false);
    expect(removeElements(graph, new Set(['start']), new Set())).toBe(graph);
  });

  it('moves edges along when a branch is renamed and drops them when it is removed', () => {
    const graph = survey();
    const renamed = updateNodeDataIn(graph, 'reply', {
      branches: [
        { id: 'oui', match: 'equals', value: 'oui' },
        { id: 'no', match: 'equals', value: 'no' },
      ],
    });
    expect(renamed.edges.find((e) => e.id === 'e-reply-yes')?.sourceHandle).toBe('oui');
    const removed = updateNodeDataIn(renamed, 'reply', { branches: [{ id: 'no', match: 'equals', value: 'no' }] });
    expect(removed.edges.find((e) => e.id === 'e-reply-yes')).toBeUndefined();
    expect(removed.edges.find((e) => e.id === 'e-reply-no')?.sourceHandle).toBe('no');
    expect(removed.edges.find((e) => e.id === 'e-reply-timeout')?.sourceHandle).toBe('timeout');
  });

  it('merges data and removes keys patched to undefined', () => {
    const graph = updateNodeDataIn(survey(), 'ask', { body: undefined, contentSid: 'HX1', contentVariables: {} });
    expect(graph.nodes.find((n) => n.id === 'ask')?.data).toEqual({
      channel: 'sms',
      label: 'Ask',
      contentSid: 'HX1',
      contentVariables: {},
    });
    expect(updateNodeDataIn(graph, 'ghost', {})).toBe(graph);
  });

  it('selects one element and keeps untouched nodes identical', () => {
    const graph = survey();
    const next = selectOnly(graph, { nodeId: 'ask' });
    expect(next.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['ask']);
    expect(next.nodes[0]).toBe(graph.nodes[0]);
    expect(selectOnly(next, { nodeId: 'ask' })).toBe(next);
  });

  it('finds a free spot instead of stacking nodes', () => {
    const { nodes } = survey();
    const spot = freeSpot(nodes, { x: 0, y: 0 });
    expect(spot.x).toBe(0);
    // The survey's lowest node (end) sits at y 480; nothing may overlap a 120px tall box.
    expect(nodes.every((n) => Math.abs(n.position.y - spot.y) >= 120 || Math.abs(n.position.x - spot.x) >= 260)).toBe(
      true,
    );
    expect(freeSpot([]).x).toBe(0);
  });
});
