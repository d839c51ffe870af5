import { parseDuration } from '../duration.js';
import { TIMEOUT_HANDLE } from './constants.js';
import { cyclicComponents } from './cycles.js';
import type { TProblem } from './problems.js';
import type { TEdgeInfo, TValidationContext } from './validate-context.js';

function successors(ctx: TValidationContext, include: (id: string) => boolean): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { edge } of ctx.edges) {
    if (!include(edge.source) || !include(edge.target)) continue;
    const list = map.get(edge.source) ?? [];
    list.push(edge.target);
    map.set(edge.source, list);
  }
  return map;
}

/** Nodes no path from start reaches. Skipped unless there is exactly one start. */
export function checkReachable(ctx: TValidationContext): TProblem[] {
  const starts = ctx.nodes.filter((n) => n.type === 'start');
  const start = starts[0];
  if (starts.length !== 1 || start === undefined) return [];
  const next = successors(ctx, (id) => ctx.byId.has(id));
  const seen = new Set<string>([start.id]);
  const queue = [start.id];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const target of next.get(id) ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return [...ctx.byId.values()]
    .filter((info) => !seen.has(info.id))
    .map((info) => ({
      code: 'unreachable' as const,
      message: `node "${info.id}" cannot be reached from the start`,
      nodeId: info.id,
      path: ['nodes', info.index],
    }));
}

/**
 * A loop must wait at least this long per turn, or it could message a contact every few
 * milliseconds forever. One minute, not more: a reminder every 30 minutes is a real journey.
 */
export const MIN_LOOP_WAIT_MS = 60 * 1000;

/**
 * Whether following this edge means waiting at least MIN_LOOP_WAIT_MS: out of a wait that
 * long, out of a waitForReply on a reply (a person's pace), or on a timeout that long. A
 * node whose data failed the schema counts as waiting: its own problem blocks the journey.
 */
function pacedEdge(ctx: TValidationContext, edge: TEdgeInfo['edge']): boolean {
  const source = ctx.byId.get(edge.source);
  if (source?.type !== 'wait' && source?.type !== 'waitForReply') return false;
  const node = source.node;
  if (node === undefined) return true;
  const atLeast = (iso: string) => {
    const parsed = parseDuration(iso);
    return !parsed.ok || parsed.ms >= MIN_LOOP_WAIT_MS;
  };
  if (node.type === 'wait') return atLeast(node.data.duration);
  if (node.type === 'waitForReply') return edge.sourceHandle !== TIMEOUT_HANDLE || atLeast(node.data.timeout);
  return false;
}

/**
 * Cycles a contact could go round without waiting a minute: it would loop at full speed (or
 * every few seconds) forever, sending messages on every turn. Found as cycles (Tarjan SCCs)
 * of the graph without the edges that wait long enough (pacedEdge); one problem per cycle
 * lists its nodes.
 */
export function checkInstantCycles(ctx: TValidationContext): TProblem[] {
  // A node whose type is unknown is left out rather than guessed at; its schema problem
  // already blocks the journey.
  const known = (id: string): boolean => ctx.byId.get(id)?.type !== undefined;
  const ids = [...ctx.byId.keys()].filter(known);
  const order = new Map(ids.map((id, i) => [id, i]));
  const next = new Map<string, string[]>();
  for (const { edge } of ctx.edges) {
    if (!known(edge.source) || !known(edge.target) || pacedEdge(ctx, edge)) continue;
    next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  }
  return cyclicComponents(ids, next).map((component) => {
    const nodeIds = [...component].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    const first = nodeIds[0] ?? '';
    return {
      code: 'instant_cycle' as const,
      message: `nodes ${nodeIds.map((id) => `"${id}"`).join(', ')} form a loop without a wait or waitForReply of at least 1 minute`,
      nodeId: first,
      nodeIds,
      path: ['nodes', ctx.byId.get(first)?.index ?? 0],
    };
  });
}
