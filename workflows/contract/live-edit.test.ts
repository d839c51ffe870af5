import { describe, expect, it } from 'vitest';
import { surveyJourney } from '../../core/journey/fixtures.js';
import { moveRefusal } from './live-edit.js';

const next = surveyJourney();

describe('moveRefusal', () => {
  it('lets a contact move only where it waits at a wait or wait-for-reply node the new version has as such', () => {
    expect(moveRefusal({ nodeId: 'reply', nodeType: 'waitForReply', waitingFor: 'reply' }, next)).toBeUndefined();
    const withWait = {
      nodes: [...next.nodes, { id: 'pause', type: 'wait', position: { x: 0, y: 0 }, data: { duration: 'P1D' } }],
    } as typeof next;
    expect(moveRefusal({ nodeId: 'pause', nodeType: 'wait', waitingFor: 'timer' }, withWait)).toBeUndefined();
  });

  it('says why the others stay', () => {
    expect(moveRefusal({ nodeId: 'gone', nodeType: 'waitForReply', waitingFor: 'reply' }, next)).toBe('node_removed');
    expect(moveRefusal({ nodeId: 'reply', nodeType: 'wait', waitingFor: 'timer' }, next)).toBe('node_changed_type');
    // A message node: its send is on its way, rendered from the old version.
    expect(moveRefusal({ nodeId: 'ask', nodeType: 'message', waitingFor: undefined }, next)).toBe('sending');
    // At its wait-for-reply node but not settled there (a reply being classified, or just arriving).
    expect(moveRefusal({ nodeId: 'reply', nodeType: 'waitForReply', waitingFor: undefined }, next)).toBe('busy');
    expect(moveRefusal({ nodeId: 'start', nodeType: 'start', waitingFor: undefined }, next)).toBe('busy');
    expect(moveRefusal({ nodeId: undefined, nodeType: undefined, waitingFor: undefined }, next)).toBe('busy');
  });
});
