import { describe, expect, it } from 'vitest';
import { surveyJourney } from './fixtures.js';
import { buildGraph, nextNodeId } from './graph.js';
import { NO_MATCH_HANDLE, TIMEOUT_HANDLE } from './schema.js';

describe('buildGraph / nextNodeId', () => {
  const graph = buildGraph(surveyJourney());

  it('indexes nodes and finds the start', () => {
    expect(graph.startId).toBe('start');
    expect(graph.nodes.get('reply')?.type).toBe('waitForReply');
    expect(graph.nodes.size).toBe(7);
  });

  it('follows the default output of single-output nodes, whatever the null form', () => {
    expect(nextNodeId(graph, 'start')).toBe('ask');
    expect(nextNodeId(graph, 'ask', null)).toBe('reply');
    expect(nextNodeId(graph, 'thanks-yes', '')).toBe('end');
  });

  it('follows named handles', () => {
    expect(nextNodeId(graph, 'reply', 'yes')).toBe('thanks-yes');
    expect(nextNodeId(graph, 'reply', 'no')).toBe('thanks-no');
    expect(nextNodeId(graph, 'reply', TIMEOUT_HANDLE)).toBe('no-answer');
  });

  it('returns undefined where nothing is connected', () => {
    expect(nextNodeId(graph, 'reply', NO_MATCH_HANDLE)).toBeUndefined();
    expect(nextNodeId(graph, 'reply')).toBeUndefined();
    expect(nextNodeId(graph, 'end')).toBeUndefined();
    expect(nextNodeId(graph, 'missing')).toBeUndefined();
  });

  it('keeps the first edge when a handle has two', () => {
    const j = surveyJourney();
    j.edges.push({ id: 'dup', source: 'start', sourceHandle: null, target: 'end' });
    expect(nextNodeId(buildGraph(j), 'start')).toBe('ask');
  });
});
