import { describe, expect, it } from 'vitest';
import { journeyVariables, validateJourney } from '../../../../core/index.js';
import { starterJourney, untitledName } from './starter-journey';

describe('starterJourney', () => {
  it('is a valid journey that needs no contact variables', () => {
    const result = validateJourney(starterJourney('Welcome'));
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(journeyVariables(result.journey).filter((name) => name !== 'phone')).toEqual([]);
  });

  it('goes start -> message -> end', () => {
    const { nodes, edges } = starterJourney('x');
    expect(nodes.map((node) => node.type)).toEqual(['start', 'message', 'end']);
    expect(edges.map((edge) => [edge.source, edge.target])).toEqual([
      ['start', 'message-1'],
      ['message-1', 'end-1'],
    ]);
  });
});

describe('untitledName', () => {
  it('picks the first free "Untitled journey" name', () => {
    expect(untitledName([])).toBe('Untitled journey');
    expect(untitledName(['untitled journey', 'Untitled journey 2'])).toBe('Untitled journey 3');
  });
});
