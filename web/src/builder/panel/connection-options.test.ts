import { describe, expect, it } from 'vitest';
import type { TFlowEdge, TFlowNode } from '../types';
import { currentTarget, targetOptions } from './connection-options';

const node = (id: string, type: TFlowNode['type'], label?: string) =>
  ({ id, type, data: label ? { label } : {} }) as unknown as TFlowNode;
const nodes = [
  node('start', 'start'),
  node('ask', 'waitForReply', 'Answer'),
  node('thanks', 'message', 'Thanks'),
  node('end-1', 'end'),
];
const edges: TFlowEdge[] = [
  { id: 'e1', source: 'start', target: 'ask' },
  { id: 'e2', source: 'ask', sourceHandle: 'yes', target: 'thanks' },
] as TFlowEdge[];

describe('connection options', () => {
  it('offers every node but the source and the start, named by label or type', () => {
    expect(targetOptions(nodes, 'ask')).toEqual([
      { id: 'thanks', label: 'Thanks (thanks)' },
      { id: 'end-1', label: 'End (end-1)' },
    ]);
  });

  it('finds the target of a named output and of the single output', () => {
    expect(currentTarget(edges, 'ask', 'yes')).toBe('thanks');
    expect(currentTarget(edges, 'ask', 'no')).toBe('');
    expect(currentTarget(edges, 'start', null)).toBe('ask');
  });
});
