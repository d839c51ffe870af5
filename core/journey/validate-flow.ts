import { cyclicComponents } from './cycles.js';
import type { TProblem } from './problems.js';
import type { TValidationContext } from './validate-context.js';

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
 * Cycles with no wait or waitForReply on them: a contact entering one would loop at full
 * speed forever, sending messages on every turn. Found as cycles (Tarjan SCCs) of the
 * graph with every wait/waitForReply node removed; one problem per cycle lists its nodes.
 */
export function checkInstantCycles(ctx: TValidationContext): TProblem[] {
  // A node whose type is unknown is left out rather than guessed at; its schema problem
  // already blocks the journey.
  const isInstant = (id: string): boolean => {
    const type = ctx.byId.get(id)?.type;
    return type !== undefined && type !== 'wait' && type !== 'waitForReply';
  };
  const ids = [...ctx.byId.keys()].filter(isInstant);
  const order = new Map(ids.map((id, i) => [id, i]));
  return cyclicComponents(ids, successors(ctx, isInstant)).map((component) => {
    const nodeIds = [...component].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    const first = nodeIds[0] ?? '';
    return {
      code: 'instant_cycle' as const,
      message: `nodes ${nodeIds.map((id) => `"${id}"`).join(', ')} form a loop with no wait or waitForReply`,
      nodeId: first,
      nodeIds,
      path: ['nodes', ctx.byId.get(first)?.index ?? 0],
    };
  });
}
