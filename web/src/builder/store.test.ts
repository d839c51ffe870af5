import { describe, expect, it } from 'vitest';
import { surveyJourney } from '../../../core/journey/fixtures.js';
import { journeyToFlow } from './convert';
import { COALESCE_MS, createBuilderStore, selectDirty } from './store';

function setup() {
  let clock = 0;
  const store = createBuilderStore({ name: 'Survey', ...journeyToFlow(surveyJourney()) }, { now: () => clock });
  const tick = (ms: number) => (clock += ms);
  const state = () => store.getState();
  const history = () => store.temporal.getState();
  return { store, tick, state, history };
}

describe('builder store', () => {
  it('starts clean, becomes dirty on an edit and clean again on save or undo', () => {
    const { state, history } = setup();
    expect(selectDirty(state())).toBe(false);
    state().addNode('wait');
    expect(selectDirty(state())).toBe(true);
    history().undo();
    expect(selectDirty(state())).toBe(false);
    history().redo();
    state().markSaved();
    expect(selectDirty(state())).toBe(false);
  });

  it('edits the goal as content: dirty, saved with the rest, typing in it one undo step', () => {
    const { state, history, tick } = setup();
    state().setGoal({ kind: 'reply', match: 'contains', value: '', window: 'P7D' });
    for (const value of ['b', 'bu', 'buy']) {
      tick(100);
      state().setGoal({ kind: 'reply', match: 'contains', value, window: 'P7D' });
    }
    expect(selectDirty(state())).toBe(true);
    expect(history().pastStates).toHaveLength(1);
    state().markSaved();
    expect(selectDirty(state())).toBe(false);
    state().setGoal(null);
    expect(selectDirty(state())).toBe(true);
    history().undo();
    expect(state().goal).toEqual({ kind: 'reply', match: 'contains', value: 'buy', window: 'P7D' });
    expect(selectDirty(state())).toBe(false);
  });

  it('does not count selection or measuring as edits or undo steps', () => {
    const { state, history } = setup();
    state().select({ nodeId: 'ask' });
    state().onNodesChange([{ type: 'dimensions', id: 'ask', dimensions: { width: 260, height: 90 } }]);
    expect(history().pastStates).toHaveLength(0);
    expect(selectDirty(state())).toBe(false);
  });

  it('adds, connects, replaces an edge, deletes, and undoes/redoes each as one step', () => {
    const { state, history } = setup();
    const id = state().addNode('message', { x: 900, y: 0 });
    expect(state().nodes.find((n) => n.id === id)?.selected).toBe(true);
    state().connect({ source: 'thanks-yes', sourceHandle: null, target: id });
    expect(
      state()
        .edges.filter((e) => e.source === 'thanks-yes')
        .map((e) => e.target),
    ).toEqual([id]);
    state().select({ nodeId: id });
    state().deleteSelection();
    expect(state().nodes.some((n) => n.id === id)).toBe(false);
    expect(state().edges.some((e) => e.target === id)).toBe(false);
    expect(history().pastStates).toHaveLength(3);
    history().undo();
    expect(state().edges.find((e) => e.source === 'thanks-yes')?.target).toBe(id);
    history().undo();
    expect(state().edges.find((e) => e.source === 'thanks-yes')?.target).toBe('end');
    history().redo();
    history().redo();
    expect(state().nodes.some((n) => n.id === id)).toBe(false);
  });

  it('continues the journey from the selected node in one step', () => {
    const { state, history } = setup();
    state().deleteElements({ edgeIds: ['e-ask-reply'] });
    const id = state().addNode('wait', undefined, 'ask');
    expect(state().edges.find((e) => e.source === 'ask')?.target).toBe(id);
    const ask = state().nodes.find((n) => n.id === 'ask');
    expect(state().nodes.find((n) => n.id === id)?.position.x).toBeGreaterThan(ask?.position.x ?? 0);
    // A used output is not rewired: the new node stands alone.
    const other = state().addNode('end', { x: 0, y: 900 }, 'start');
    expect(state().edges.some((e) => e.target === other)).toBe(false);
    history().undo();
    history().undo();
    expect(state().nodes.some((n) => n.id === id)).toBe(false);
  });

  it('keeps the start node when the selection includes it', () => {
    const { state } = setup();
    state().onNodesChange(state().nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: true })));
    state().deleteSelection();
    expect(state().nodes.map((n) => n.id)).toEqual(['start']);
    expect(state().edges).toEqual([]);
  });

  it('records a whole drag as one undo step', () => {
    const { state, history } = setup();
    state().beginDrag();
    for (let x = 1; x <= 20; x++) {
      state().onNodesChange([{ type: 'position', id: 'ask', position: { x, y: 120 }, dragging: true }]);
    }
    state().endDrag();
    expect(history().pastStates).toHaveLength(1);
    expect(state().nodes.find((n) => n.id === 'ask')?.position.x).toBe(20);
    history().undo();
    expect(state().nodes.find((n) => n.id === 'ask')?.position.x).toBe(0);
    expect(history().isTracking).toBe(true);
  });

  it('records a click without movement as no step', () => {
    const { state, history } = setup();
    state().beginDrag();
    state().endDrag();
    expect(history().pastStates).toHaveLength(0);
  });

  it('groups quick typing in one field into one step, but not slow edits', () => {
    const { state, history, tick } = setup();
    for (const body of ['H', 'Hi', 'Hi!']) {
      state().updateNodeData('ask', { body });
      tick(100);
    }
    expect(history().pastStates).toHaveLength(1);
    tick(COALESCE_MS);
    state().updateNodeData('ask', { body: 'Hi!!' });
    expect(history().pastStates).toHaveLength(2);
    history().undo();
    expect(state().nodes.find((n) => n.id === 'ask')?.data).toMatchObject({ body: 'Hi!' });
  });

  it('starts a new step when typing resumes right after an undo', () => {
    const { state, history, tick } = setup();
    state().updateNodeData('ask', { body: 'A' });
    tick(10);
    state().updateNodeData('ask', { body: 'AB' });
    history().undo();
    tick(10);
    state().updateNodeData('ask', { body: 'X' });
    expect(history().pastStates).toHaveLength(1);
    expect(history().futureStates).toHaveLength(0);
    history().undo();
    expect(state().nodes.find((n) => n.id === 'ask')?.data).toMatchObject({
      body: 'Hi {{firstName}}, did you enjoy your visit? Reply YES or NO.',
    });
  });

  it('groups typing in the journey name into one step', () => {
    const { state, history, tick } = setup();
    for (const name of ['S', 'Su', 'Sur']) {
      state().setName(name);
      tick(50);
    }
    expect(history().pastStates).toHaveLength(1);
    history().undo();
    expect(state().name).toBe('Survey');
  });

  it('renames, lays out and deletes edges by id', () => {
    const { state } = setup();
    state().setName('New name');
    state().autoLayout();
    const xs = new Map(state().nodes.map((n) => [n.id, n.position.x]));
    expect(xs.get('ask')).toBeGreaterThan(xs.get('start') ?? 0);
    state().deleteElements({ edgeIds: ['e-start-ask'] });
    expect(state().edges.some((e) => e.id === 'e-start-ask')).toBe(false);
    expect(state().name).toBe('New name');
  });
});
