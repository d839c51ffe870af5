import { describe, expect, it } from 'vitest';
import { rawEdge, rawNode, surveyJourney } from './fixtures.js';
import type { TProblem } from './problems.js';
import { validateJourney } from './validate.js';

type TRaw = {
  name: string;
  nodes: unknown[];
  edges: Array<{ id: string; source: string; sourceHandle?: string | null; target: string }>;
};

function survey(): TRaw {
  return surveyJourney();
}

function problems(journey: unknown): TProblem[] {
  const result = validateJourney(journey);
  return result.ok ? [] : result.problems;
}

function withoutEdge(j: TRaw, id: string): TRaw {
  return { ...j, edges: j.edges.filter((e) => e.id !== id) };
}

describe('start node', () => {
  it('is required', () => {
    const j = {
      name: 'j',
      nodes: [rawNode('m', 'message', { channel: 'sms', body: 'hi' }), rawNode('e', 'end')],
      edges: [rawEdge('m', 'e')],
    };
    expect(problems(j)).toEqual([{ code: 'start_count', message: 'the journey needs a start node' }]);
  });

  it('must be unique: the extra starts are named', () => {
    const j = survey();
    j.nodes.push(rawNode('start-2', 'start'));
    j.edges.push(rawEdge('start-2', 'ask'));
    expect(problems(j)).toEqual([
      expect.objectContaining({
        code: 'start_count',
        nodeId: 'start-2',
        nodeIds: ['start', 'start-2'],
        path: ['nodes', 7],
      }),
    ]);
  });

  it('needs its one outgoing edge', () => {
    expect(problems(withoutEdge(survey(), 'e-start-ask'))).toContainEqual(
      expect.objectContaining({ code: 'missing_handle', nodeId: 'start' }),
    );
  });

  it('accepts no incoming edge', () => {
    const j = withoutEdge(survey(), 'e-yes-end');
    j.edges.push(rawEdge('thanks-yes', 'start', null, 'back-to-start'));
    expect(problems(j)).toEqual([
      expect.objectContaining({
        code: 'edge_into_start',
        edgeId: 'back-to-start',
        nodeId: 'start',
        path: ['edges', 7],
      }),
    ]);
  });
});

describe('ids', () => {
  it('reports a duplicate node id at the repeat', () => {
    const j = survey();
    j.nodes.push(rawNode('end', 'end'));
    expect(problems(j)).toEqual([
      { code: 'duplicate_node_id', message: 'node id "end" is used twice', nodeId: 'end', path: ['nodes', 7, 'id'] },
    ]);
  });

  it('reports a duplicate edge id at the repeat', () => {
    const j = survey();
    const last = j.edges[7];
    if (last === undefined) throw new Error('fixture changed');
    last.id = 'e-no-end';
    expect(problems(j)).toEqual([
      {
        code: 'duplicate_edge_id',
        message: 'edge id "e-no-end" is used twice',
        edgeId: 'e-no-end',
        path: ['edges', 7, 'id'],
      },
    ]);
  });
});

describe('edges', () => {
  it('reports dangling sources and targets', () => {
    const j = withoutEdge(survey(), 'e-timeout-end');
    j.edges.push(rawEdge('no-answer', 'ghost', null, 'to-ghost'), rawEdge('phantom', 'end', null, 'from-phantom'));
    expect(problems(j)).toEqual([
      expect.objectContaining({
        code: 'dangling_edge',
        edgeId: 'to-ghost',
        message: expect.stringContaining('"ghost"'),
      }),
      expect.objectContaining({
        code: 'dangling_edge',
        edgeId: 'from-phantom',
        message: expect.stringContaining('"phantom"'),
      }),
    ]);
  });

  it('reports a second edge from the same branch handle', () => {
    const j = survey();
    j.edges.push(rawEdge('reply', 'thanks-no', 'yes', 'yes-again'));
    expect(problems(j)).toEqual([
      expect.objectContaining({ code: 'duplicate_edge', edgeId: 'yes-again', nodeId: 'reply' }),
    ]);
  });

  it.each([
    ['a named handle on a message', 'ask', 'yes'],
    ['the default output of a waitForReply', 'reply', null],
    ['a handle that is not a branch', 'reply', 'maybe'],
  ])('reports %s', (_what, source, handle) => {
    const j = survey();
    j.edges.push(rawEdge(source, 'end', handle, 'odd'));
    expect(problems(j)).toEqual([expect.objectContaining({ code: 'unknown_handle', edgeId: 'odd', nodeId: source })]);
  });

  it('treats null, missing and empty sourceHandle alike on single-output nodes', () => {
    const j = survey();
    for (const e of j.edges) if (e.source === 'thanks-yes') delete e.sourceHandle;
    for (const e of j.edges) if (e.source === 'thanks-no') e.sourceHandle = '';
    expect(validateJourney(j).ok).toBe(true);
  });

  it('accepts an optional noMatch edge on waitForReply', () => {
    const j = survey();
    j.edges.push(rawEdge('reply', 'no-answer', 'noMatch'));
    expect(validateJourney(j).ok).toBe(true);
  });

  it('reports more than one edge out of a message', () => {
    const j = survey();
    j.edges.push(rawEdge('thanks-yes', 'thanks-no', null, 'second'));
    expect(problems(j)).toEqual([
      expect.objectContaining({ code: 'too_many_edges', edgeId: 'second', nodeId: 'thanks-yes' }),
    ]);
  });

  it('reports edges out of an end node', () => {
    const j = survey();
    j.edges.push(rawEdge('end', 'ask', null, 'loop'));
    expect(problems(j)).toEqual([expect.objectContaining({ code: 'end_has_edges', edgeId: 'loop', nodeId: 'end' })]);
  });
});

describe('required handles', () => {
  it('waitForReply needs every branch and timeout connected', () => {
    const j = withoutEdge(withoutEdge(survey(), 'e-reply-no'), 'e-reply-timeout');
    const missing = problems(j).filter((p) => p.code === 'missing_handle');
    expect(missing).toEqual([
      expect.objectContaining({ nodeId: 'reply', message: expect.stringContaining('"no"') }),
      expect.objectContaining({ nodeId: 'reply', message: expect.stringContaining('"timeout"') }),
    ]);
  });

  it('a message may end the journey without an outgoing edge', () => {
    const j = withoutEdge(survey(), 'e-timeout-end');
    expect(validateJourney(j).ok).toBe(true);
  });

  it('condition needs each rule and else; split needs each branch; wait takes one edge at most', () => {
    const j = {
      name: 'j',
      nodes: [
        rawNode('s', 'start'),
        rawNode('c', 'condition', { rules: [{ id: 'gold', variable: 'tier', op: 'equals', value: 'gold' }] }),
        rawNode('sp', 'split', {
          branches: [
            { id: 'a', percent: 50 },
            { id: 'b', percent: 50 },
          ],
        }),
        rawNode('w', 'wait', { duration: 'PT1H' }),
        rawNode('e', 'end'),
      ],
      edges: [
        rawEdge('s', 'c'),
        rawEdge('c', 'sp', 'gold'),
        rawEdge('sp', 'w', 'a'),
        rawEdge('sp', 'e', 'timeout', 'split-timeout'),
        rawEdge('w', 'e'),
        rawEdge('w', 'e', null, 'w-second'),
      ],
    };
    expect(problems(j)).toEqual([
      expect.objectContaining({ code: 'unknown_handle', edgeId: 'split-timeout', nodeId: 'sp' }),
      expect.objectContaining({ code: 'too_many_edges', edgeId: 'w-second', nodeId: 'w' }),
      expect.objectContaining({ code: 'missing_handle', nodeId: 'c', message: expect.stringContaining('"else"') }),
      expect.objectContaining({ code: 'missing_handle', nodeId: 'sp', message: expect.stringContaining('"b"') }),
    ]);
  });
});
