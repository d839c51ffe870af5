import type { TProblem } from '../../../../core/index.js';
import type { TFlowEdge } from '../types';

const BROKEN = '#d32f2f';

/**
 * Edges as drawn: broken ones red, labelled with their first problem. Healthy edges are
 * returned as is so React Flow keeps them memoised.
 */
export function decorateEdges(
  edges: readonly TFlowEdge[],
  byEdge: ReadonlyMap<string, readonly TProblem[]>,
): TFlowEdge[] {
  if (byEdge.size === 0) return edges as TFlowEdge[];
  return edges.map((edge) => {
    const problems = byEdge.get(edge.id);
    const first = problems?.[0];
    if (first === undefined) return edge;
    const more = (problems?.length ?? 1) > 1 ? ` (+${(problems?.length ?? 1) - 1})` : '';
    return {
      ...edge,
      style: { stroke: BROKEN, strokeWidth: 2 },
      label: `${first.message}${more}`,
      labelStyle: { fill: BROKEN, fontSize: 11 },
      labelBgStyle: { fill: '#ffebee' },
      ariaLabel: `Connection ${edge.id}: ${first.message}`,
    };
  });
}
