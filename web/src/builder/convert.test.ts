import { describe, expect, it } from 'vitest';
import { surveyJourney } from '../../../core/journey/fixtures.js';
import { ZJourney, validateJourney, type TJourney } from '../../../core/index.js';
import { flowToJourney, goalDraftOf, journeyToFlow, needsLayout } from './convert';
import type { TFlowNode } from './types';

// Core treats a null, empty or missing sourceHandle alike; the builder writes none.
function withoutDefaultHandles(journey: TJourney): TJourney {
  return {
    ...journey,
    edges: journey.edges.map(({ sourceHandle, ...edge }) => (sourceHandle ? { ...edge, sourceHandle } : edge)),
  };
}

const SID = `HX${'ab'.repeat(16)}`;

function templateJourney(): TJourney {
  const survey = surveyJourney();
  const ask = survey.nodes[1];
  if (ask?.type !== 'message') throw new Error('fixture changed');
  ask.data = { channel: 'whatsapp', contentSid: SID, contentVariables: { '1': '{{firstName}}' } };
  return survey;
}

describe('journeyToFlow / flowToJourney', () => {
  it.each([
    ['survey', surveyJourney],
    ['template message', templateJourney],
  ])('round-trips the %s journey', (_name, make) => {
    const journey = make();
    const flow = journeyToFlow(journey);
    const back = flowToJourney(journey.name, flow.nodes, flow.edges);
    expect(back).toEqual(withoutDefaultHandles(journey));
    expect(ZJourney.parse(back)).toEqual(back);
    expect(validateJourney(back).ok).toBe(true);
  });

  it('saves the goal with the graph, without fields left undefined', () => {
    const flow = journeyToFlow(surveyJourney());
    const goal = { kind: 'reply', match: 'any', value: undefined, window: 'P7D' } as const;
    expect(flowToJourney('Survey', flow.nodes, flow.edges, goal).goal).toEqual({
      kind: 'reply',
      match: 'any',
      window: 'P7D',
    });
    expect(flowToJourney('Survey', flow.nodes, flow.edges, null)).not.toHaveProperty('goal');
  });

  it('reads a stored goal for the form: blanks for what it cannot show, null for none', () => {
    expect(goalDraftOf({ kind: 'event', event: 'order.paid', window: 'P7D' })).toEqual({
      kind: 'event',
      event: 'order.paid',
      window: 'P7D',
    });
    expect(goalDraftOf({ kind: 'reply', match: 'shout', window: 3 })).toEqual({
      kind: 'reply',
      match: 'contains',
      window: '',
    });
    expect(goalDraftOf(null)).toBeNull();
    expect(goalDraftOf({ kind: 'visit' })).toBeNull();
  });

  it('gives React Flow node types, copied data and the default handle as null', () => {
    const flow = journeyToFlow(surveyJourney());
    const reply = flow.nodes.find((n) => n.id === 'reply');
    expect(reply?.type).toBe('waitForReply');
    expect(reply?.data).toEqual(surveyJourney().nodes[2]?.data);
    expect(flow.nodes.find((n) => n.id === 'start')?.deletable).toBe(false);
    expect(flow.edges.find((e) => e.id === 'e-reply-yes')?.sourceHandle).toBe('yes');
    expect(flow.edges.find((e) => e.id === 'e-yes-end')?.sourceHandle).toBeNull();
  });

  it('strips React Flow UI keys and default handles', () => {
    const flow = journeyToFlow(surveyJourney());
    const nodes = flow.nodes.map(
      (n) =>
        ({
          ...n,
          selected: true,
          dragging: false,
          measured: { width: 1, height: 2 },
          width: 3,
          height: 4,
          style: {},
        }) as TFlowNode,
    );
    const edges = flow.edges.map((e) => ({ ...e, selected: true, animated: true, sourceHandle: e.sourceHandle ?? '' }));
    const journey = flowToJourney('Survey', nodes, edges);
    for (const node of journey.nodes) expect(Object.keys(node).sort()).toEqual(['data', 'id', 'position', 'type']);
    for (const edge of journey.edges) expect(Object.keys(edge)).not.toContain('selected');
    expect(journey.edges.find((e) => e.id === 'e-start-ask')).toEqual({
      id: 'e-start-ask',
      source: 'start',
      target: 'ask',
    });
  });

  it('opens damaged stored journeys without crashing and drops what it cannot draw', () => {
    const flow = journeyToFlow({
      nodes: [
        { id: 'a', type: 'waitForReply', data: { timeout: 5 } },
        { id: 'b', type: 'webhook', data: {} },
        { id: 'c', type: 'message' },
        'junk',
      ],
      edges: [{ id: 'x', source: 'a', target: 'c', sourceHandle: '' }, { id: 'y' }],
    });
    expect(flow.nodes.map((n) => n.id)).toEqual(['a', 'c']);
    expect(flow.nodes[0]?.data).toEqual({ timeout: '', branches: [] });
    expect(flow.nodes[0]?.position).toEqual({ x: 0, y: 0 });
    expect(flow.nodes[1]?.data).toEqual({ body: '' });
    expect(flow.edges).toEqual([{ id: 'x', source: 'a', target: 'c', sourceHandle: null }]);
  });

  it('asks for a layout only when every node sits on one point', () => {
    expect(needsLayout(journeyToFlow(surveyJourney()).nodes)).toBe(false);
    const stacked = journeyToFlow({
      nodes: [
        { id: 'a', type: 'start' },
        { id: 'b', type: 'end' },
      ],
      edges: [],
    });
    expect(needsLayout(stacked.nodes)).toBe(true);
  });
});
