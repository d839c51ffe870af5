import { describe, expect, it } from 'vitest';
import { rawEdge, rawNode, surveyJourney } from './fixtures.js';
import type { TProblem } from './problems.js';
import { validateJourney } from './validate.js';

function problems(journey: unknown): TProblem[] {
  const result = validateJourney(journey);
  return result.ok ? [] : result.problems;
}

const msg = (id: string) => rawNode(id, 'message', { channel: 'sms', body: `I am ${id}` });

describe('reachability', () => {
  it('reports each node no path from start reaches', () => {
    const j = surveyJourney() as { nodes: unknown[]; edges: unknown[] };
    j.nodes.push(msg('island-1'), msg('island-2'));
    j.edges.push(rawEdge('island-1', 'island-2'));
    expect(problems(j)).toEqual([
      {
        code: 'unreachable',
        message: 'node "island-1" cannot be reached from the start',
        nodeId: 'island-1',
        path: ['nodes', 7],
      },
      expect.objectContaining({ code: 'unreachable', nodeId: 'island-2', path: ['nodes', 8] }),
    ]);
  });

  it('is not checked without exactly one start', () => {
    const j = { name: 'j', nodes: [msg('a'), msg('b')], edges: [] };
    expect(problems(j).map((p) => p.code)).toEqual(['start_count']);
  });
});

describe('instant cycles', () => {
  it('reports a loop with no wait as one problem listing its nodes', () => {
    const j = {
      name: 'j',
      nodes: [
        rawNode('s', 'start'),
        rawNode('c', 'condition', { rules: [{ id: 'again', variable: 'x', op: 'exists' }] }),
        msg('m'),
        rawNode('e', 'end'),
      ],
      edges: [rawEdge('s', 'c'), rawEdge('c', 'm', 'again'), rawEdge('c', 'e', 'else'), rawEdge('m', 'c')],
    };
    expect(problems(j)).toEqual([
      {
        code: 'instant_cycle',
        message: 'nodes "c", "m" form a loop without a wait or waitForReply of at least 1 minute',
        nodeId: 'c',
        nodeIds: ['c', 'm'],
        path: ['nodes', 1],
      },
    ]);
  });

  it('reports a message that loops to itself', () => {
    const j = { name: 'j', nodes: [rawNode('s', 'start'), msg('m')], edges: [rawEdge('s', 'm'), rawEdge('m', 'm')] };
    expect(problems(j)).toEqual([expect.objectContaining({ code: 'instant_cycle', nodeIds: ['m'] })]);
  });

  it('reports separate loops separately, including through a split', () => {
    const j = {
      name: 'j',
      nodes: [
        rawNode('s', 'start'),
        rawNode('sp', 'split', {
          branches: [
            { id: 'a', percent: 50 },
            { id: 'b', percent: 50 },
          ],
        }),
        msg('a1'),
        msg('b1'),
        msg('b2'),
      ],
      edges: [
        rawEdge('s', 'sp'),
        rawEdge('sp', 'a1', 'a'),
        rawEdge('sp', 'b1', 'b'),
        rawEdge('a1', 'sp'),
        rawEdge('b1', 'b2'),
        rawEdge('b2', 'b1'),
      ],
    };
    const cycles = problems(j).filter((p) => p.code === 'instant_cycle');
    expect(cycles.map((p) => p.nodeIds)).toEqual(
      expect.arrayContaining([
        ['sp', 'a1'],
        ['b1', 'b2'],
      ]),
    );
    expect(cycles).toHaveLength(2);
  });

  it('allows a loop through a wait', () => {
    const j = {
      name: 'j',
      nodes: [rawNode('s', 'start'), msg('m'), rawNode('w', 'wait', { duration: 'P1D' })],
      edges: [rawEdge('s', 'm'), rawEdge('m', 'w'), rawEdge('w', 'm')],
    };
    expect(validateJourney(j).ok).toBe(true);
  });

  it('reports a loop whose wait, or whose reply timeout, is shorter than a minute', () => {
    const loopingWait = (duration: string) => ({
      name: 'j',
      nodes: [rawNode('s', 'start'), msg('m'), rawNode('w', 'wait', { duration })],
      edges: [rawEdge('s', 'm'), rawEdge('m', 'w'), rawEdge('w', 'm')],
    });
    for (const short of ['PT0.001S', 'PT59S']) {
      expect(problems(loopingWait(short))).toEqual([
        expect.objectContaining({ code: 'instant_cycle', nodeIds: ['m', 'w'] }),
      ]);
    }
    // A reminder every minute, or every 30 minutes, is a real journey.
    expect(validateJourney(loopingWait('PT1M')).ok).toBe(true);
    expect(validateJourney(loopingWait('PT30M')).ok).toBe(true);

    // Ask again when nobody answers within 59 seconds: the timeout edge loops too fast.
    const j = surveyJourney();
    const reply = j.nodes.find((n) => n.id === 'reply');
    if (reply?.type !== 'waitForReply') throw new Error('fixture changed');
    reply.data.timeout = 'PT59S';
    const timeoutEdge = j.edges.find((e) => e.id === 'e-reply-timeout');
    if (timeoutEdge === undefined) throw new Error('fixture changed');
    timeoutEdge.target = 'ask';
    // (the no-answer node it led to is now unreachable: reported too, not checked here)
    const cycles = (journey: unknown) => problems(journey).filter((p) => p.code === 'instant_cycle');
    expect(cycles(j)).toEqual([expect.objectContaining({ code: 'instant_cycle', nodeIds: ['ask', 'reply'] })]);
    reply.data.timeout = 'PT1M';
    expect(cycles(j)).toEqual([]);
  });

  it('allows a loop through a waitForReply (ask again on no)', () => {
    const j = surveyJourney();
    const noEdge = j.edges.find((e) => e.id === 'e-no-end');
    if (noEdge === undefined) throw new Error('fixture changed');
    noEdge.target = 'ask';
    expect(validateJourney(j).ok).toBe(true);
  });
});
