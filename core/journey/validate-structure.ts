import type { TProblem } from './problems.js';
import { describeHandle, handleKey, nodeHandles } from './handles.js';
import type { TEdgeInfo, TNodeInfo, TValidationContext } from './validate-context.js';

/** Exactly one start node. */
export function checkStartCount(ctx: TValidationContext): TProblem[] {
  const starts = ctx.nodes.filter((n) => n.type === 'start');
  if (starts.length === 1) return [];
  if (starts.length === 0) return [{ code: 'start_count', message: 'the journey needs a start node' }];
  return starts.slice(1).map((n) => ({
    code: 'start_count',
    message: `the journey has ${starts.length} start nodes; keep only one`,
    nodeId: n.id,
    nodeIds: starts.map((s) => s.id),
    path: ['nodes', n.index],
  }));
}

/** Node ids and edge ids are each unique; every repeat after the first is reported. */
export function checkDuplicateIds(ctx: TValidationContext): TProblem[] {
  const problems: TProblem[] = [];
  const nodeIds = new Set<string>();
  for (const n of ctx.nodes) {
    if (nodeIds.has(n.id)) {
      problems.push({
        code: 'duplicate_node_id',
        message: `node id "${n.id}" is used twice`,
        nodeId: n.id,
        path: ['nodes', n.index, 'id'],
      });
    }
    nodeIds.add(n.id);
  }
  const edgeIds = new Set<string>();
  for (const { edge, index } of ctx.edges) {
    if (edgeIds.has(edge.id)) {
      problems.push({
        code: 'duplicate_edge_id',
        message: `edge id "${edge.id}" is used twice`,
        edgeId: edge.id,
        path: ['edges', index, 'id'],
      });
    }
    edgeIds.add(edge.id);
  }
  return problems;
}

function edgeProblem(e: TEdgeInfo, code: TProblem['code'], message: string, nodeId?: string): TProblem {
  return { code, message, edgeId: e.edge.id, ...(nodeId !== undefined && { nodeId }), path: ['edges', e.index] };
}

// Problems an edge has on its own: missing ends, entering start, leaving from a handle the
// source does not have.
function checkEdgeEnds(e: TEdgeInfo, ctx: TValidationContext): TProblem[] {
  const { source, target } = e.edge;
  const problems: TProblem[] = [];
  if (!ctx.byId.has(source)) {
    problems.push(edgeProblem(e, 'dangling_edge', `edge "${e.edge.id}" starts at missing node "${source}"`));
  }
  const targetInfo = ctx.byId.get(target);
  if (targetInfo === undefined) {
    problems.push(edgeProblem(e, 'dangling_edge', `edge "${e.edge.id}" points to missing node "${target}"`));
  } else if (targetInfo.type === 'start') {
    problems.push(edgeProblem(e, 'edge_into_start', `edge "${e.edge.id}" leads into the start node`, target));
  }
  return problems;
}

function checkEdgeHandle(e: TEdgeInfo, source: TNodeInfo | undefined): TProblem | undefined {
  if (source?.node === undefined) return undefined;
  const key = handleKey(e.edge.sourceHandle);
  if (source.type === 'end') {
    return edgeProblem(e, 'end_has_edges', `end node "${source.id}" cannot have outgoing edges`, source.id);
  }
  if (nodeHandles(source.node).allowed.includes(key)) return undefined;
  const message = `${source.type} node "${source.id}" has no ${describeHandle(key)}`;
  return edgeProblem(e, 'unknown_handle', message, source.id);
}

/**
 * Edge-by-edge checks plus one output per handle: a second edge from the same handle is
 * `too_many_edges` on start/message/wait and `duplicate_edge` on branching nodes.
 */
export function checkEdges(ctx: TValidationContext): TProblem[] {
  const problems: TProblem[] = [];
  const used = new Set<string>();
  for (const e of ctx.edges) {
    problems.push(...checkEdgeEnds(e, ctx));
    const source = ctx.byId.get(e.edge.source);
    const handleProblem = checkEdgeHandle(e, source);
    if (handleProblem !== undefined) {
      problems.push(handleProblem);
      continue;
    }
    const slot = JSON.stringify([e.edge.source, handleKey(e.edge.sourceHandle)]);
    if (used.has(slot) && source?.node !== undefined) problems.push(repeatedOutput(e, source));
    used.add(slot);
  }
  return problems;
}

function repeatedOutput(e: TEdgeInfo, source: TNodeInfo): TProblem {
  const key = handleKey(e.edge.sourceHandle);
  const singleOutput = source.node !== undefined && nodeHandles(source.node).singleOutput;
  return singleOutput
    ? edgeProblem(e, 'too_many_edges', `${source.type} node "${source.id}" can have only one outgoing edge`, source.id)
    : edgeProblem(e, 'duplicate_edge', `${describeHandle(key)} of node "${source.id}" already has an edge`, source.id);
}

/** Every required handle of every parsed node has an edge. */
export function checkMissingHandles(ctx: TValidationContext): TProblem[] {
  const connected = new Set(ctx.edges.map((e) => JSON.stringify([e.edge.source, handleKey(e.edge.sourceHandle)])));
  return ctx.nodes.flatMap((info) => {
    if (info.node === undefined || ctx.byId.get(info.id) !== info) return [];
    return nodeHandles(info.node)
      .required.filter((key) => !connected.has(JSON.stringify([info.id, key])))
      .map((key) => ({
        code: 'missing_handle' as const,
        message: `${info.type} node "${info.id}": connect ${describeHandle(key)}`,
        nodeId: info.id,
        path: ['nodes', info.index],
      }));
  });
}
