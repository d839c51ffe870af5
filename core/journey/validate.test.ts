import { describe, expect, it } from 'vitest';
import { intentJourney, rawEdge, rawNode, surveyJourney, SURVEY_VARIABLES } from './fixtures.js';
import type { TProblem } from './problems.js';
import { journeyVariables, validateJourney, type TValidationResult } from './validate.js';

function problemsOf(result: TValidationResult): TProblem[] {
  if (result.ok) throw new Error('expected validation to fail');
  return result.problems;
}

describe('validateJourney: the survey fixture', () => {
  it('passes and returns the journey', () => {
    expect(validateJourney(surveyJourney())).toEqual({ ok: true, journey: surveyJourney() });
  });

  it('passes with its known variables', () => {
    expect(validateJourney(surveyJourney(), { knownVariables: [...SURVEY_VARIABLES] }).ok).toBe(true);
  });

  it('strips React Flow UI state from nodes, edges and the journey', () => {
    const raw = {
      ...surveyJourney(),
      viewport: { x: 0, y: 0, zoom: 1 },
      nodes: surveyJourney().nodes.map((n) => ({ ...n, selected: false, measured: { width: 1, height: 1 } })),
      edges: surveyJourney().edges.map((e) => ({ ...e, animated: true, targetHandle: null })),
    };
    expect(validateJourney(raw)).toEqual({ ok: true, journey: surveyJourney() });
  });
});

describe('validateJourney: schema problems', () => {
  it('rejects a non-object with a schema problem', () => {
    expect(problemsOf(validateJourney(null))).toEqual([expect.objectContaining({ code: 'schema', path: [] })]);
    expect(problemsOf(validateJourney({ name: 'x', nodes: {}, edges: [] }))[0]).toMatchObject({ path: ['nodes'] });
  });

  it('maps node data issues to the node id and path', () => {
    const j = surveyJourney() as { nodes: unknown[] };
    j.nodes[1] = rawNode('ask', 'message', { channel: 'whatsapp', body: 'x'.repeat(1601) });
    expect(problemsOf(validateJourney(j))).toEqual([
      {
        code: 'schema',
        message: expect.stringContaining('1600'),
        nodeId: 'ask',
        path: ['nodes', 1, 'data', 'body'],
      },
    ]);
  });

  it('keeps refinement codes: bad_duration, bad_regex', () => {
    const j = surveyJourney();
    const reply = j.nodes[2];
    if (reply?.type !== 'waitForReply') throw new Error('fixture changed');
    reply.data.timeout = 'P1M';
    reply.data.branches[0] = { id: 'yes', match: 'regex', value: '(oops' };
    const problems = problemsOf(validateJourney(j));
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'bad_duration', nodeId: 'reply', path: ['nodes', 2, 'data', 'timeout'] }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'bad_regex',
        nodeId: 'reply',
        path: ['nodes', 2, 'data', 'branches', 0, 'value'],
      }),
    );
  });

  it('reports a bad wait duration and a split that does not sum to 100', () => {
    const j = {
      name: 'j',
      nodes: [
        rawNode('s', 'start'),
        rawNode('w', 'wait', { duration: 'PT0S' }),
        rawNode('sp', 'split', {
          branches: [
            { id: 'a', percent: 60 },
            { id: 'b', percent: 60 },
          ],
        }),
        rawNode('e', 'end'),
      ],
      edges: [rawEdge('s', 'w'), rawEdge('w', 'sp'), rawEdge('sp', 'e', 'a'), rawEdge('sp', 'e', 'b')],
    };
    expect(problemsOf(validateJourney(j))).toEqual([
      expect.objectContaining({
        code: 'bad_duration',
        nodeId: 'w',
        message: expect.stringContaining('greater than zero'),
      }),
      expect.objectContaining({ code: 'split_sum', nodeId: 'sp', message: expect.stringContaining('120') }),
    ]);
  });

  it('maps edge issues to the edge id and a blank name to the name', () => {
    const j = { ...surveyJourney(), name: '  ', edges: [...surveyJourney().edges, { id: 'bad', source: 'ask' }] };
    expect(problemsOf(validateJourney(j))).toEqual([
      expect.objectContaining({ code: 'schema', path: ['name'] }),
      expect.objectContaining({ code: 'schema', edgeId: 'bad', path: ['edges', 8, 'target'] }),
    ]);
  });

  it('does not call edges to a schema-invalid node dangling', () => {
    const j = surveyJourney() as { nodes: unknown[] };
    j.nodes[2] = rawNode('reply', 'waitForReply', { timeout: 'soon', branches: [] });
    const problems = problemsOf(validateJourney(j));
    expect(problems.every((p) => p.nodeId === 'reply')).toBe(true);
    expect(problems.map((p) => p.code)).not.toContain('dangling_edge');
  });

  it('reports every problem at once, not just the first', () => {
    const j = surveyJourney() as { nodes: unknown[]; edges: unknown[] };
    j.nodes[1] = rawNode('ask', 'message', { channel: 'fax', body: 'x' });
    j.nodes.push(rawNode('orphan', 'end'));
    j.edges.push(rawEdge('end', 'ask'), rawEdge('ask', 'nowhere', null, 'dangling'));
    const codes = problemsOf(validateJourney(j)).map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['schema', 'end_has_edges', 'dangling_edge', 'unreachable']));
  });
});

describe('validateJourney: variables', () => {
  it('reports unknown template variables in bodies with the node and path', () => {
    expect(problemsOf(validateJourney(surveyJourney(), { knownVariables: ['lastName'] }))).toEqual([
      {
        code: 'unknown_variable',
        message: expect.stringContaining('"firstName"'),
        nodeId: 'ask',
        path: ['nodes', 1, 'data', 'body'],
      },
      expect.objectContaining({ code: 'unknown_variable', nodeId: 'thanks-yes' }),
      expect.objectContaining({ code: 'unknown_variable', nodeId: 'thanks-no' }),
    ]);
  });

  it('checks template contentVariables and condition variables, but not exists or phone', () => {
    const sid = `HX${'0'.repeat(32)}`;
    const j = {
      name: 'j',
      nodes: [
        rawNode('s', 'start'),
        rawNode('m', 'message', {
          channel: 'whatsapp',
          contentSid: sid,
          contentVariables: { '1': '{{city}} {{phone}}' },
        }),
        rawNode('c', 'condition', {
          rules: [
            { id: 'r1', variable: 'plan', op: 'equals', value: 'gold' },
            { id: 'r2', variable: 'coupon', op: 'exists' },
          ],
        }),
        rawNode('e', 'end'),
      ],
      edges: [
        rawEdge('s', 'm'),
        rawEdge('m', 'c'),
        rawEdge('c', 'e', 'r1'),
        rawEdge('c', 'e', 'r2'),
        rawEdge('c', 'e', 'else'),
      ],
    };
    expect(validateJourney(j).ok).toBe(true);
    expect(problemsOf(validateJourney(j, { knownVariables: [] }))).toEqual([
      expect.objectContaining({
        code: 'unknown_variable',
        nodeId: 'm',
        path: ['nodes', 1, 'data', 'contentVariables', '1'],
      }),
      expect.objectContaining({
        code: 'unknown_variable',
        nodeId: 'c',
        path: ['nodes', 2, 'data', 'rules', 0, 'variable'],
      }),
    ]);
    expect(validateJourney(j, { knownVariables: ['city', 'plan'] }).ok).toBe(true);
  });

  it('reports malformed placeholders even without known variables', () => {
    const j = surveyJourney();
    const ask = j.nodes[1];
    if (ask?.type !== 'message' || ask.data.contentSid !== undefined) throw new Error('fixture changed');
    ask.data.body = 'Hi {{ first name }}';
    expect(problemsOf(validateJourney(j))).toEqual([
      expect.objectContaining({
        code: 'bad_placeholder',
        nodeId: 'ask',
        message: expect.stringContaining('{{ first name }}'),
      }),
    ]);
  });
});

describe('journeyVariables', () => {
  it('lists template variables sorted, once, without phone', () => {
    expect(journeyVariables(surveyJourney())).toEqual(['firstName']);
  });

  it('includes template contentVariables and ignores condition variables', () => {
    const j = surveyJourney();
    j.nodes.push(
      {
        id: 't',
        type: 'message',
        position: { x: 0, y: 0 },
        data: {
          channel: 'whatsapp',
          contentSid: `HX${'0'.repeat(32)}`,
          contentVariables: { '1': '{{zip}}', '2': '{{ city }}' },
        },
      },
      {
        id: 'c',
        type: 'condition',
        position: { x: 0, y: 0 },
        data: { rules: [{ id: 'r', variable: 'tier', op: 'exists' }] },
      },
    );
    expect(journeyVariables(j)).toEqual(['city', 'firstName', 'zip']);
  });
});

describe('validateJourney: intent branches', () => {
  it('passes the intent fixture, whether or not the classifier is asked about', () => {
    expect(validateJourney(intentJourney()).ok).toBe(true);
    expect(validateJourney(intentJourney(), { hasIntentClassifier: true }).ok).toBe(true);
  });

  it('reports each intent branch when no classifier is configured', () => {
    expect(problemsOf(validateJourney(intentJourney(), { hasIntentClassifier: false }))).toEqual([
      expect.objectContaining({
        code: 'intent_unavailable',
        nodeId: 'reply',
        path: ['nodes', 2, 'data', 'branches', 1, 'match'],
        message: expect.stringContaining('OPENAI_API_KEY'),
      }),
      expect.objectContaining({ code: 'intent_unavailable', path: ['nodes', 2, 'data', 'branches', 2, 'match'] }),
    ]);
  });

  it('does not bother a journey without intent branches', () => {
    expect(validateJourney(surveyJourney(), { hasIntentClassifier: false }).ok).toBe(true);
  });

  it('connects every intent branch like any other', () => {
    const j = intentJourney();
    j.edges = j.edges.filter((e) => e.sourceHandle !== 'reschedule');
    expect(problemsOf(validateJourney(j))).toContainEqual(
      expect.objectContaining({
        code: 'missing_handle',
        nodeId: 'reply',
        message: expect.stringContaining('reschedule'),
      }),
    );
  });
});
