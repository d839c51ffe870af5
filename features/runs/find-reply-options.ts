import { parseDuration } from '../../core/duration.js';
import { ZWaitForReplyNode, type TReplyBranch } from '../../core/journey/schema.js';
import type { THistoryEntry } from '../../workflows/contract/index.js';
import type { Db } from '../../infra/db.js';

/** Contacts one phone can be waiting as at once, at most: one per run it is in. */
const MAX_WAITING = 50;

/** A contact of the phone that waits for a reply now, and the answers its node branches on. */
export interface TReplyOption {
  runId: string;
  contactId: string;
  journeyName: string;
  nodeId: string;
  /** When the wait times out (ISO); null if the contact's path has no visit to the node. */
  until: string | null;
  branches: TReplyBranch[];
}

/**
 * When a contact's wait at `nodeId` ends: its latest visit there plus the node's timeout.
 * Exact, not estimated: the workflow stamps the visit and computes its deadline from the
 * same workflow clock in the same activation.
 */
function waitDeadline(history: unknown, nodeId: string, timeout: string): string | null {
  const entries = Array.isArray(history) ? (history as THistoryEntry[]) : [];
  const visit = entries.findLast((entry) => entry.kind === 'visit' && entry.nodeId === nodeId);
  const duration = parseDuration(timeout);
  const at = visit ? Date.parse(visit.at) : Number.NaN;
  return duration.ok && Number.isFinite(at) ? new Date(at + duration.ms).toISOString() : null;
}

/**
 * The workspace's contacts with `phone` that wait at a waitForReply node now, most
 * recently moved first, each with the branches of the node in its run's frozen journey
 * version (what the phone simulator offers as answers). Read from the progress the
 * workflows mirror into Postgres, so it never waits on Temporal.
 */
export async function findReplyOptions(db: Db, workspaceId: string, phone: string): Promise<TReplyOption[]> {
  const contacts = await db.contact.findMany({
    where: { workspaceId, phone, state: 'waiting_reply', endedAt: null },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: MAX_WAITING,
    select: {
      id: true,
      runId: true,
      cursor: true,
      history: true,
      run: { select: { journeyName: true, journeyVersion: { select: { nodes: true } } } },
    },
  });
  return contacts.flatMap((contact) => {
    const nodes = contact.run.journeyVersion.nodes;
    const raw = Array.isArray(nodes)
      ? nodes.find((node) => typeof node === 'object' && node !== null && 'id' in node && node.id === contact.cursor)
      : undefined;
    // Versions were validated at launch; a node that no longer parses is skipped, not a 500.
    const node = ZWaitForReplyNode.safeParse(raw);
    if (!node.success) return [];
    const { id: nodeId, data } = node.data;
    return [
      {
        runId: contact.runId,
        contactId: contact.id,
        journeyName: contact.run.journeyName,
        nodeId,
        until: waitDeadline(contact.history, nodeId, data.timeout),
        branches: data.branches.map((branch) => ({
          id: branch.id,
          match: branch.match,
          ...(branch.value === undefined ? {} : { value: branch.value }),
        })),
      },
    ];
  });
}
