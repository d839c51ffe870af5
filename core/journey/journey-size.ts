import { MAX_JOURNEY_BYTES, MAX_JOURNEY_NODES } from './constants.js';

/** A journey's stored fields, before any validation. */
export interface TJourneyDefinition {
  name: unknown;
  nodes: unknown;
  edges: unknown;
  sendPolicy?: unknown;
  goal?: unknown;
}

/** A size limit a journey passes: the field, the limit and what it has. */
export interface TSizeIssue {
  path: string;
  message: string;
  limit: number;
}

/** UTF-8 bytes of the journey as JSON, as it is stored (the goal with it) and handed to every contact's workflow. */
export function journeyBytes(journey: TJourneyDefinition): number {
  const { name, nodes, edges, sendPolicy, goal } = journey;
  return new TextEncoder().encode(JSON.stringify({ name, nodes, edges, sendPolicy, goal })).length;
}

/** The size limits the journey passes (MAX_JOURNEY_NODES, MAX_JOURNEY_BYTES); [] when it fits. */
export function journeySizeIssues(journey: TJourneyDefinition): TSizeIssue[] {
  const issues: TSizeIssue[] = [];
  const nodes = Array.isArray(journey.nodes) ? journey.nodes.length : 0;
  if (nodes > MAX_JOURNEY_NODES) {
    issues.push({
      path: 'nodes',
      message: `the journey has ${nodes} nodes; the limit is ${MAX_JOURNEY_NODES}`,
      limit: MAX_JOURNEY_NODES,
    });
  }
  const bytes = journeyBytes(journey);
  if (bytes > MAX_JOURNEY_BYTES) {
    issues.push({
      path: '',
      message: `the journey is ${bytes} bytes as JSON; the limit is ${MAX_JOURNEY_BYTES} bytes`,
      limit: MAX_JOURNEY_BYTES,
    });
  }
  return issues;
}
