import { describe, expect, it } from 'vitest';
import { intentJourney, surveyJourney } from '../../../core/journey/fixtures.js';
import { fieldErrors } from './panel/field-errors';
import { journeyToFlow } from './convert';
import { connectEdge, removeElements, updateNodeDataIn } from './graph-ops';
import { indexProblems, problemPlace, validateFlow } from './problems';

describe('canvas validation', () => {
  it('finds no problem in a valid journey', () => {
    const { nodes, edges } = journeyToFlow(surveyJourney());
    expect(validateFlow('Survey', nodes, edges)).toEqual([]);
    expect(validateFlow('Survey', nodes, edges, ['firstName'])).toEqual([]);
  });

  it('reports unknown variables only when the contact fields are known', () => {
    const { nodes, edges } = journeyToFlow(surveyJourney());
    const problems = validateFlow('Survey', nodes, edges, ['lastName']);
    expect(problems.map((p) => p.code)).toContain('unknown_variable');
    expect(problems.every((p) => p.nodeId !== undefined)).toBe(true);
  });

  it('flags intent branches on the branch editor when the deployment cannot classify replies', () => {
    const { nodes, edges } = journeyToFlow(intentJourney());
    expect(validateFlow('Intent', nodes, edges)).toEqual([]);
    expect(validateFlow('Intent', nodes, edges, undefined, true)).toEqual([]);
    const problems = validateFlow('Intent', nodes, edges, undefined, false);
    expect(problems.map((p) => [p.code, p.nodeId])).toEqual([
      ['intent_unavailable', 'reply'],
      ['intent_unavailable', 'reply'],
    ]);
    // Shown under each intent branch's match field of the side panel.
    expect([...fieldErrors(problems).fields.keys()]).toEqual(['branches.1.match', 'branches.2.match']);
  });

  it('shows an intent description problem under its field', () => {
    const { nodes, edges } = journeyToFlow(intentJourney());
    const branches = [
      { id: 'agrees', match: 'intent', value: 'x'.repeat(201) },
      { id: 'other', match: 'any' },
    ];
    const graph = updateNodeDataIn({ nodes, edges }, 'reply', { branches });
    const errors = fieldErrors(validateFlow('Intent', graph.nodes, graph.edges).filter((p) => p.nodeId === 'reply'));
    expect(errors.fields.get('branches.0.value')?.[0]).toMatch(/at most 200 characters/);
    expect(errors.fields.get('branches.1.match')?.[0]).toMatch(/"any" branch takes every reply/);
  });

  it('groups problems by node, cycle member and edge', () => {
    let graph = journeyToFlow(surveyJourney());
    graph = updateNodeDataIn(graph, 'ask', { body: ' ' });
    graph = removeElements(graph, new Set(), new Set(['e-reply-timeout']));
    graph = connectEdge(graph, { source: 'thanks-yes', target: 'ask' });
    const problems = validateFlow('Survey', graph.nodes, graph.edges);
    const index = indexProblems([...problems, { code: 'dangling_edge', message: 'gone', edgeId: 'x' }]);
    expect(index.byNode.get('ask')?.map((p) => p.code)).toContain('schema');
    expect(index.byNode.get('reply')?.map((p) => p.code)).toContain('missing_handle');
    expect(index.byEdge.get('x')?.[0]?.message).toBe('gone');
    expect(problemPlace({ code: 'start_count', message: 'm' })).toBe('Journey');
    expect(problemPlace({ code: 'dangling_edge', message: 'm', edgeId: 'x' })).toBe('Connection x');
    expect(problemPlace({ code: 'edge_into_start', message: 'm', edgeId: 'x', nodeId: 'start' })).toBe('Connection x');
    expect(problemPlace({ code: 'unreachable', message: 'm', nodeId: 'a' })).toBe('Node a');
  });

  it('marks every node of an instant cycle', () => {
    const index = indexProblems([{ code: 'instant_cycle', message: 'loop', nodeId: 'a', nodeIds: ['a', 'b'] }]);
    expect(index.byNode.get('b')).toHaveLength(1);
    expect(index.byNode.get('a')).toHaveLength(1);
  });

  it('keeps unchanged groups identical so their nodes do not re-render', () => {
    const first = indexProblems([
      { code: 'bad_value', message: 'one', nodeId: 'a' },
      { code: 'bad_value', message: 'two', nodeId: 'b' },
    ]);
    const second = indexProblems(
      [
        { code: 'bad_value', message: 'one', nodeId: 'a' },
        { code: 'bad_value', message: 'three', nodeId: 'b' },
      ],
      first,
    );
    expect(second.byNode.get('a')).toBe(first.byNode.get('a'));
    expect(second.byNode.get('b')).not.toBe(first.byNode.get('b'));
  });
});
