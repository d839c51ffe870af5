import { evaluateCondition } from '../condition.js';
import { renderTemplate, type TVars } from '../render.js';
import { countSegments } from '../segments.js';
import { TIMEOUT_HANDLE } from './constants.js';
import { nextNodeId, type TJourneyGraph } from './graph.js';
import { nodeHandles } from './handles.js';
import type { TJourneyNode } from './schema.js';

/**
 * How many of something a contact gets: at least `min` on every path it can take, at most
 * `max` on the longest, or `max: null` when a loop on its path repeats them without bound
 * (a loop must wait between turns, so such a contact gets them slowly, but it can go on).
 */
export interface TRange {
  min: number;
  max: number | null;
}

/** What one contact's walk of a journey is sure to cost, and may cost at most. */
export interface TContactForecast {
  messages: TRange;
  sms: TRange;
  whatsapp: TRange;
  /** SMS segments (GSM-7 160/153, UCS-2 70/67) of the rendered bodies; WhatsApp has none. */
  segments: TRange;
  /** Messages sent before the contact's first wait or wait for reply: the launch's first wave. */
  firstWave: TRange;
  /**
   * A free-form (not template) WhatsApp message can reach the contact before it has
   * replied: it fails unless the contact wrote to us within WhatsApp's 24-hour window.
   */
  freeFormWhatsAppBeforeReply: boolean;
}

type TWeight = (node: TJourneyNode) => number;

/**
 * The nodes a contact can go to from `node`. A condition is decided by the contact's
 * variables, as the workflow decides it; a split's branch depends on the contact's id,
 * unknown before launch, so every branch with a share counts; a wait for reply may take
 * any of its outcomes.
 */
function successors(graph: TJourneyGraph, node: TJourneyNode, vars: TVars, replied: boolean): string[] {
  const via = (handles: readonly string[]) =>
    handles.map((handle) => nextNodeId(graph, node.id, handle)).filter((id): id is string => id !== undefined);
  switch (node.type) {
    case 'end':
      return [];
    case 'condition':
      return via([evaluateCondition(node.data.rules, vars)]);
    case 'split':
      return via(node.data.branches.filter((branch) => branch.percent > 0).map((branch) => branch.id));
    case 'waitForReply':
      // `replied: false` follows only what happens without a reply (the timeout).
      return replied ? via(nodeHandles(node).allowed) : via([TIMEOUT_HANDLE]);
    default:
      return via(nodeHandles(node).allowed);
  }
}

/** The nodes a contact can reach from the start, with their successors. */
function reachable(graph: TJourneyGraph, vars: TVars): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const pending = graph.startId === undefined ? [] : [graph.startId];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    const node = graph.nodes.get(id);
    if (!node || out.has(id)) continue;
    const next = successors(graph, node, vars, true);
    out.set(id, next);
    pending.push(...next);
  }
  return out;
}

/**
 * The fewest `weight` on any path from each node to the journey's end (Bellman-Ford,
 * backwards): weights are never negative, so loops never lower it.
 */
function minimumFrom(graph: TJourneyGraph, out: Map<string, string[]>, weight: TWeight): Map<string, number> {
  const best = new Map<string, number>();
  for (let round = 0; round <= out.size; round += 1) {
    let changed = false;
    for (const [id, next] of out) {
      const own = weight(graph.nodes.get(id) as TJourneyNode);
      const tail = next.length === 0 ? 0 : Math.min(...next.map((n) => best.get(n) ?? Infinity));
      const total = own + tail;
      if (total < (best.get(id) ?? Infinity)) {
        best.set(id, total);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return best;
}

/** Strongly connected components (Tarjan); each node's component index. */
function components(out: Map<string, string[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let count = 0;
  const visit = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter);
    counter += 1;
    stack.push(id);
    onStack.add(id);
    for (const next of out.get(id) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(id, Math.min(low.get(id) as number, index.get(next) as number));
      }
    }
    if (low.get(id) === index.get(id)) {
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.set(member, count);
      } while (member !== id);
      count += 1;
    }
  };
  for (const id of out.keys()) if (!index.has(id)) visit(id);
  return component;
}

/**
 * The most `weight` on any path from the start: null when a loop the contact can enter
 * holds weight (it can repeat without bound); otherwise the longest path through the
 * loop-free condensation, a weightless loop counting once.
 */
function maximumFromStart(graph: TJourneyGraph, out: Map<string, string[]>, weight: TWeight): number | null {
  const component = components(out);
  const members = new Map<number, string[]>();
  for (const [id, c] of component) members.set(c, [...(members.get(c) ?? []), id]);
  for (const ids of members.values()) {
    const looped = ids.length > 1 || ids.some((id) => (out.get(id) ?? []).includes(id));
    if (looped && ids.some((id) => weight(graph.nodes.get(id) as TJourneyNode) > 0)) return null;
  }
  const memo = new Map<number, number>();
  const longest = (c: number): number => {
    const known = memo.get(c);
    if (known !== undefined) return known;
    const ids = members.get(c) ?? [];
    const own = ids.reduce((sum, id) => sum + weight(graph.nodes.get(id) as TJourneyNode), 0);
    let tail = 0;
    for (const id of ids)
      for (const next of out.get(id) ?? []) {
        const nc = component.get(next) as number;
        if (nc !== c) tail = Math.max(tail, longest(nc));
      }
    memo.set(c, own + tail);
    return own + tail;
  };
  return graph.startId === undefined || !component.has(graph.startId)
    ? 0
    : longest(component.get(graph.startId) as number);
}

function range(graph: TJourneyGraph, out: Map<string, string[]>, weight: TWeight): TRange {
  const start = graph.startId;
  const min = start === undefined ? 0 : (minimumFrom(graph, out, weight).get(start) ?? 0);
  return { min: Number.isFinite(min) ? min : 0, max: maximumFromStart(graph, out, weight) };
}

const isMessage = (node: TJourneyNode) => node.type === 'message';
const PAUSES: ReadonlySet<TJourneyNode['type']> = new Set(['wait', 'waitForReply']);

/**
 * What a contact with these variables will be sent walking this journey, computed from the
 * graph alone: the same condition outcomes the workflow will take, every split branch, and
 * every outcome of a wait for reply. `vars` should include `phone`, as when rendering.
 */
export function forecastContact(graph: TJourneyGraph, vars: TVars): TContactForecast {
  const out = reachable(graph, vars);
  const segmentsOf = new Map<string, number>();
  const segments: TWeight = (node) => {
    if (node.type !== 'message' || node.data.channel !== 'sms' || node.data.body === undefined) return 0;
    let known = segmentsOf.get(node.id);
    if (known === undefined) {
      const rendered = renderTemplate(node.data.body, vars);
      known = countSegments(rendered.ok ? rendered.text : node.data.body, 'sms');
      segmentsOf.set(node.id, known);
    }
    return known;
  };
  const onChannel = (channel: 'sms' | 'whatsapp'): TWeight => {
    return (node) => (node.type === 'message' && node.data.channel === channel ? 1 : 0);
  };
  // The first wave: the walk cut at the first pause, which then leads nowhere.
  const untilPause = new Map(
    [...out].map(([id, next]) => [id, PAUSES.has((graph.nodes.get(id) as TJourneyNode).type) ? [] : next]),
  );
  const firstWaveWeight: TWeight = (node) => (isMessage(node) ? 1 : 0);
  return {
    messages: range(graph, out, (node) => (isMessage(node) ? 1 : 0)),
    sms: range(graph, out, onChannel('sms')),
    whatsapp: range(graph, out, onChannel('whatsapp')),
    segments: range(graph, out, segments),
    firstWave: range(graph, untilPause, firstWaveWeight),
    freeFormWhatsAppBeforeReply: freeFormBeforeReply(graph, vars),
  };
}

/** A free-form WhatsApp message on some path from the start that takes no reply branch. */
function freeFormBeforeReply(graph: TJourneyGraph, vars: TVars): boolean {
  const seen = new Set<string>();
  const pending = graph.startId === undefined ? [] : [graph.startId];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    const node = graph.nodes.get(id);
    if (!node || seen.has(id)) continue;
    seen.add(id);
    if (node.type === 'message' && node.data.channel === 'whatsapp' && node.data.body !== undefined) return true;
    pending.push(...successors(graph, node, vars, false));
  }
  return false;
}

/** Sums ranges over contacts; an unbounded max stays unbounded. */
export function addRanges(a: TRange, b: TRange): TRange {
  return { min: a.min + b.min, max: a.max === null || b.max === null ? null : a.max + b.max };
}

export const ZERO_RANGE: TRange = { min: 0, max: 0 };
