import { describe, expect, it } from 'vitest';
import {
  FAIR_HORIZON,
  MAX_JOB_PRIORITY,
  priorityOf,
  rebaseShift,
  sendCost,
  shiftedPriority,
  startTags,
  virtualTime,
  type TSendClass,
  type TWorkspaceClocks,
} from './fair-share.js';

const idle: TWorkspaceClocks = { bulk: 0, interactive: 0 };

/**
 * Serves a queue the way BullMQ does with these tags as priorities (lowest first, ties in
 * the order queued) and answers the workspaces in the order their sends leave.
 */
function serve(queued: { workspace: string; tag: number }[]): string[] {
  return queued
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => priorityOf(a.tag, 0) - priorityOf(b.tag, 0) || a.order - b.order)
    .map((entry) => entry.workspace);
}

/** Tags `count` sends of `workspace` against the shared clocks, as the queue script does. */
function queue(
  clocks: Map<string, TWorkspaceClocks>,
  workspace: string,
  count: number,
  options: { v?: number; weight?: number; kind?: TSendClass } = {},
) {
  const { tags, clocks: after } = startTags({
    virtualTime: options.v ?? 0,
    clocks: clocks.get(workspace) ?? idle,
    cost: sendCost(options.weight ?? 1),
    count,
    kind: options.kind ?? 'bulk',
  });
  clocks.set(workspace, after);
  return tags.map((tag) => ({ workspace, tag }));
}

describe('startTags', () => {
  it('spaces one workspace by its cost from where its last send ended', () => {
    const first = startTags({ virtualTime: 0, clocks: idle, cost: 1, count: 3, kind: 'bulk' });
    expect(first).toEqual({ tags: [0, 1, 2], clocks: { bulk: 3, interactive: 0 } });
    const next = startTags({ virtualTime: 1, clocks: first.clocks, cost: 1, count: 2, kind: 'bulk' });
    expect(next.tags).toEqual([3, 4]);
  });

  it('starts a workspace that was idle at the virtual time, not where it left off', () => {
    const { tags } = startTags({
      virtualTime: 40,
      clocks: { bulk: 5, interactive: 0 },
      cost: 1,
      count: 2,
      kind: 'bulk',
    });
    expect(tags).toEqual([40, 41]);
  });

  it('interleaves a workspace that arrives behind another one’s backlog', () => {
    const clocks = new Map<string, TWorkspaceClocks>();
    const a = queue(clocks, 'A', 1_000);
    // Three seconds later at 50/s: A's 150 first sends have left, the head is at 150.
    const b = queue(clocks, 'B', 50, { v: 150 });
    const order = serve([...a.slice(150), ...b]);
    const lastB = order.lastIndexOf('B');
    expect(lastB).toBeLessThan(100);
    expect(order.slice(0, 100).filter((w) => w === 'B')).toHaveLength(50);
  });

  it('shares in proportion to the weights while both have work waiting', () => {
    const clocks = new Map<string, TWorkspaceClocks>();
    const order = serve([...queue(clocks, 'A', 600, { weight: 3 }), ...queue(clocks, 'B', 600, { weight: 1 })]);
    const first400 = order.slice(0, 400);
    // 3 : 1, give or take the send at the edge of the window.
    expect(Math.abs(first400.filter((w) => w === 'A').length - 300)).toBeLessThanOrEqual(1);
  });

  it('puts interactive sends ahead of their own workspace’s bulk and charges them to it', () => {
    const clocks = new Map<string, TWorkspaceClocks>();
    const bulk = queue(clocks, 'A', 100);
    const interactive = startTags({
      virtualTime: 10,
      clocks: clocks.get('A')!,
      cost: 1,
      count: 3,
      kind: 'interactive',
    });
    expect(interactive.tags).toEqual([10, 11, 12]);
    // A's next bulk sends start 3 further back.
    expect(interactive.clocks).toEqual({ interactive: 13, bulk: 103 });
    const order = serve([
      ...bulk.slice(10).map((s) => ({ ...s, workspace: 'bulk' })),
      ...interactive.tags.map((tag) => ({ workspace: 'interactive', tag })),
    ]);
    expect(order.slice(0, 6).filter((w) => w === 'interactive')).toHaveLength(3);
  });

  it('holds tags at the horizon and forgives the debt beyond it', () => {
    const { tags, clocks } = startTags({ virtualTime: 100, clocks: idle, cost: 1, count: 5, kind: 'bulk', horizon: 2 });
    expect(tags).toEqual([100, 101, 102, 102, 102]);
    expect(clocks.bulk).toBe(102);
    const weightedDown = startTags({ virtualTime: 0, clocks: idle, cost: sendCost(0.01), count: 3, kind: 'bulk' });
    expect(weightedDown.tags).toEqual([0, 100, 200]);
    const huge = startTags({ virtualTime: 0, clocks: idle, cost: 1, count: FAIR_HORIZON + 10, kind: 'bulk' });
    expect(huge.tags.at(-1)).toBe(FAIR_HORIZON);
  });
});

describe('virtualTime', () => {
  it('is the head’s tag, never earlier than before, and the furthest tag once all is served', () => {
    expect(virtualTime({ headPriority: 11, base: 100, clock: 0, maxTag: 500 })).toBe(110);
    expect(virtualTime({ headPriority: 1, base: 100, clock: 120, maxTag: 500 })).toBe(120);
    expect(virtualTime({ headPriority: undefined, base: 100, clock: 120, maxTag: 500 })).toBe(500);
  });
});

describe('priorityOf and the rebase', () => {
  it('keeps priorities within BullMQ’s range', () => {
    expect(priorityOf(0, 0)).toBe(1);
    expect(priorityOf(2.7, 0)).toBe(3);
    expect(priorityOf(5, 10)).toBe(1);
    expect(priorityOf(2 ** 30, 0)).toBe(MAX_JOB_PRIORITY);
    // The furthest tag the horizon allows, just before a rebase, still fits.
    expect(priorityOf(2 ** 20 - 1 + FAIR_HORIZON, 0)).toBeLessThan(MAX_JOB_PRIORITY);
  });

  it('moves the base to the virtual time once it is far enough ahead, keeping the order of queued sends', () => {
    expect(rebaseShift(2 ** 20 - 1, 0)).toBe(0);
    expect(rebaseShift(2 ** 20 + 0.5, 0)).toBe(2 ** 20);
    const shift = rebaseShift(1_500.5, 400, 1_000);
    expect(shift).toBe(1_100);
    // Queued sends are at or after the virtual time.
    const tags = [1_500.5, 1_800, 2_600];
    const after = tags.map((tag) => shiftedPriority(priorityOf(tag, 400), shift));
    expect(after).toEqual(tags.map((tag) => priorityOf(tag, 400 + shift)));
    expect(after[0]).toBe(1);
    // A send tagged after the rebase sorts among them as its tag says.
    expect(priorityOf(2_000, 400 + shift)).toBeGreaterThan(after[1]!);
    expect(priorityOf(2_000, 400 + shift)).toBeLessThan(after[2]!);
    expect(shiftedPriority(3, 10)).toBe(1);
  });
});
