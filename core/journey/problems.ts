import { z } from 'zod';

/** Every kind of problem validateJourney reports; the builder keys help texts on these. */
export const PROBLEM_CODES = [
  'schema',
  'bad_duration',
  'bad_regex',
  'bad_value',
  'split_sum',
  'duplicate_branch_id',
  'reserved_handle',
  'start_count',
  'duplicate_node_id',
  'duplicate_edge_id',
  'dangling_edge',
  'duplicate_edge',
  'unknown_handle',
  'missing_handle',
  'too_many_edges',
  'end_has_edges',
  'edge_into_start',
  'unreachable',
  'instant_cycle',
  'unknown_variable',
  'bad_placeholder',
  'intent_with_any',
  'intent_unavailable',
  'duplicate_button',
] as const;

export const ZProblemCode = z.enum(PROBLEM_CODES);
export type TProblemCode = z.infer<typeof ZProblemCode>;

/** One thing wrong with a journey, located by node/edge id and, for schema errors, a path. */
export const ZProblem = z.object({
  code: ZProblemCode,
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  /** Every node involved when there is more than one, e.g. the nodes of a cycle. */
  nodeIds: z.array(z.string()).optional(),
  /** Location in the submitted JSON, e.g. ["nodes", 2, "data", "timeout"]. */
  path: z.array(z.union([z.string(), z.number()])).optional(),
});
export type TProblem = z.infer<typeof ZProblem>;

/** Zod issue params that carry a problem code from a schema refinement into validateJourney. */
export function problemParams(code: TProblemCode): { problem: TProblemCode } {
  return { problem: code };
}
