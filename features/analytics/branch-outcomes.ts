import type { TConditionNode, TSplitNode } from '../../core/journey/schema.js';
import type { Db } from '../../infra/db.js';
import type { TVars } from '../../core/render.js';
import { instantBranch } from '../../workflows/contract/contact-plan.js';

/** Contacts that took one branch of a split or condition node, and how many of them converted. */
export interface TBranchCounts {
  contacts: number;
  converted: number;
}

/** Per node, per branch (handle) id. */
export type TBranchOutcomes = Map<string, Map<string, TBranchCounts>>;

function add(outcomes: TBranchOutcomes, node: string, branch: string, contacts: number, converted: number): void {
  const branches = outcomes.get(node) ?? new Map<string, TBranchCounts>();
  const counts = branches.get(branch) ?? { contacts: 0, converted: 0 };
  branches.set(branch, { contacts: counts.contacts + contacts, converted: counts.converted + converted });
  outcomes.set(node, branches);
}

/**
 * Which branch the run's contacts took at each split and condition node, and how many of
 * each branch converted. Counted in Postgres from the `branch` steps of the contacts'
 * histories (a contact always takes the same branch of a node: a split is seeded by contact
 * and node, a condition reads the contact's fixed variables). A contact whose history ring
 * dropped that step (a path past 200 steps) but whose visited set has the node is asked
 * again the way its workflow decided (instantBranch): rare, so done here one by one.
 */
export async function branchOutcomes(
  db: Pick<Db, 'sql'>,
  runId: string,
  nodes: ReadonlyArray<TSplitNode | TConditionNode>,
): Promise<TBranchOutcomes> {
  const outcomes: TBranchOutcomes = new Map();
  if (nodes.length === 0) return outcomes;
  const ids = nodes.map((node) => node.id);
  const [counted, forgotten] = await Promise.all([
    db.sql.query<{ node: string; branch: string; contacts: number; converted: number }>`
      SELECT b.node, b.branch, count(*)::int AS contacts, count(cv."contactId")::int AS converted
      FROM (
        SELECT DISTINCT c."id", s.e->>'nodeId' AS node, s.e->>'detail' AS branch
        FROM "Contact" c
        CROSS JOIN LATERAL jsonb_array_elements(c."history") AS s(e)
        WHERE c."runId" = ${runId}::uuid AND c."visited" && ${ids}::text[]
          AND s.e->>'kind' = 'branch' AND s.e->>'nodeId' = ANY(${ids}::text[])
      ) b
      LEFT JOIN "Conversion" cv ON cv."runId" = ${runId}::uuid AND cv."contactId" = b."id"
      GROUP BY b.node, b.branch`,
    db.sql.query<{ id: string; vars: TVars; node: string; converted: boolean }>`
      SELECT c."id", c."vars", n.node, cv."contactId" IS NOT NULL AS converted
      FROM "Contact" c
      CROSS JOIN LATERAL unnest(${ids}::text[]) AS n(node)
      LEFT JOIN "Conversion" cv ON cv."runId" = c."runId" AND cv."contactId" = c."id"
      WHERE c."runId" = ${runId}::uuid AND c."historyDropped" > 0 AND n.node = ANY(c."visited")
        AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(c."history") e
                        WHERE e->>'kind' = 'branch' AND e->>'nodeId' = n.node)`,
  ]);
  for (const row of counted) add(outcomes, row.node, row.branch, row.contacts, row.converted);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  for (const row of forgotten) {
    const node = byId.get(row.node);
    const branch = node && instantBranch({ contactId: row.id, vars: row.vars }, node);
    if (branch !== undefined) add(outcomes, row.node, branch, 1, row.converted ? 1 : 0);
  }
  return outcomes;
}
