import { NO_INTENT, NO_MATCH_HANDLE, TIMEOUT_HANDLE } from './constants.js';
import { ZQuickReplyButton, type TQuickReplyButton, type TReplyBranch } from './node-schemas.js';

/** What the builder holds: nodes and edges that may still be drafts (not yet valid). */
interface TDraftGraph {
  nodes: ReadonlyArray<{ id: string; type: string; data?: unknown }>;
  edges: ReadonlyArray<{ source: string; target: string }>;
}

/** A message node's quick-reply buttons, as far as they are well-formed. */
export interface TButtonSource {
  nodeId: string;
  buttons: TQuickReplyButton[];
}

function buttonsOf(data: unknown): TQuickReplyButton[] {
  if (typeof data !== 'object' || data === null || !('buttons' in data) || !Array.isArray(data.buttons)) return [];
  return data.buttons.flatMap((button) => {
    const parsed = ZQuickReplyButton.safeParse(button);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The messages with quick-reply buttons a contact may have just received when it reaches
 * `nodeId`: walking back along incoming edges, through waits (a reply to the buttons may
 * come after a pause), to the nearest message nodes. Nearest first, each node once.
 */
export function buttonSourcesBefore(graph: TDraftGraph, nodeId: string): TButtonSource[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const sources: TButtonSource[] = [];
  const seen = new Set<string>([nodeId]);
  let frontier = [nodeId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const edge of graph.edges) {
      if (!frontier.includes(edge.target) || seen.has(edge.source)) continue;
      seen.add(edge.source);
      const node = byId.get(edge.source);
      if (node?.type === 'message') {
        const buttons = buttonsOf(node.data);
        if (buttons.length > 0) sources.push({ nodeId: node.id, buttons });
      } else if (node?.type === 'wait') {
        next.push(node.id);
      }
    }
    frontier = next;
  }
  return sources;
}

const RESERVED = new Set([TIMEOUT_HANDLE, NO_MATCH_HANDLE, NO_INTENT].map((id) => id.toLowerCase()));

function freeBranchId(title: string, used: Set<string>): string {
  const base = title.trim();
  let id = base;
  for (let n = 2; used.has(id.toLowerCase()) || RESERVED.has(id.toLowerCase()); n++) id = `${base} ${n}`;
  used.add(id.toLowerCase());
  return id;
}

function coveredPayloads(branches: readonly TReplyBranch[]): Set<string> {
  const payloads = branches.flatMap((b) => (b.match === 'payload' && b.value !== undefined ? [b.value] : []));
  return new Set(payloads.map((value) => value.trim().toLowerCase()));
}

/**
 * Buttons no `payload` branch of `branches` matches yet, each payload once (payloads
 * match case-insensitively, as core/reply-match.ts compares them).
 */
export function unbranchedButtons(
  branches: readonly TReplyBranch[],
  buttons: readonly TQuickReplyButton[],
): TQuickReplyButton[] {
  const covered = coveredPayloads(branches);
  return buttons.filter((button) => {
    const payload = button.id.trim().toLowerCase();
    if (covered.has(payload)) return false;
    covered.add(payload);
    return true;
  });
}

/**
 * The wait-for-reply's branches with one `payload` branch added for each button that no
 * branch matches yet: its id is the button's title (what the graph shows on the handle),
 * its value the button's id (the ButtonPayload a tap sends). They go before any `any`
 * branch, which would otherwise take the tap first.
 */
export function withButtonBranches(
  branches: readonly TReplyBranch[],
  buttons: readonly TQuickReplyButton[],
): TReplyBranch[] {
  const used = new Set(branches.map((b) => b.id.toLowerCase()));
  const added: TReplyBranch[] = unbranchedButtons(branches, buttons).map((button) => ({
    id: freeBranchId(button.title, used),
    match: 'payload',
    value: button.id,
  }));
  if (added.length === 0) return [...branches];
  const at = branches.findIndex((b) => b.match === 'any');
  return at < 0 ? [...branches, ...added] : [...branches.slice(0, at), ...added, ...branches.slice(at)];
}
