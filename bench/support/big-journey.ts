/**
 * A large, valid journey for the builder benchmark: start, then message, wait,
 * waitForReply, condition and split over and over, then end. Every outcome of a branching
 * node leads to the next node, so the chain stays one long path with many edges, laid out
 * as a snake of rows the way a person would arrange a long flow.
 */
import { validateJourney, type TJourney, type TJourneyEdge, type TJourneyNode } from '../../core/index.js';

const COLUMNS = 10;
const COLUMN_GAP = 280;
const ROW_GAP = 200;
const PATTERN = ['message', 'wait', 'waitForReply', 'condition', 'split'] as const;

function position(index: number): { x: number; y: number } {
  const row = Math.floor(index / COLUMNS);
  const column = row % 2 === 0 ? index % COLUMNS : COLUMNS - 1 - (index % COLUMNS);
  return { x: column * COLUMN_GAP, y: row * ROW_GAP };
}

function node(index: number, last: boolean): TJourneyNode {
  const id = `n${index}`;
  const at = position(index);
  if (index === 0) return { id, type: 'start', position: at, data: {} };
  if (last) return { id, type: 'end', position: at, data: {} };
  const type = PATTERN[(index - 1) % PATTERN.length]!;
  switch (type) {
    case 'message':
      return {
        id,
        type,
        position: at,
        data: { channel: 'sms', body: `Step ${index}: hi {{firstName}}, reply YES or NO.`, label: `Message ${index}` },
      };
    case 'wait':
      return { id, type, position: at, data: { duration: 'PT1H' } };
    case 'waitForReply':
      return {
        id,
        type,
        position: at,
        data: {
          timeout: 'P1D',
          branches: [
            { id: 'yes', match: 'equals', value: 'yes' },
            { id: 'no', match: 'equals', value: 'no' },
          ],
        },
      };
    case 'condition':
      return { id, type, position: at, data: { rules: [{ id: 'vip', variable: 'tier', op: 'equals', value: 'vip' }] } };
    case 'split':
      return {
        id,
        type,
        position: at,
        data: {
          branches: [
            { id: 'a', percent: 50 },
            { id: 'b', percent: 50 },
          ],
        },
      };
  }
}

/** The source handles of `n` that must lead on (null: the single unnamed output). */
function outputs(n: TJourneyNode): (string | null)[] {
  switch (n.type) {
    case 'start':
    case 'message':
    case 'wait':
      return [null];
    case 'waitForReply':
      return [...n.data.branches.map((b) => b.id), 'timeout'];
    case 'condition':
      return [...n.data.rules.map((r) => r.id), 'else'];
    case 'split':
      return n.data.branches.map((b) => b.id);
    case 'end':
      return [];
  }
}

/** A journey of `nodeCount` nodes (at least 2), checked by core's validateJourney. */
export function bigJourney(nodeCount: number): TJourney {
  if (nodeCount < 2) throw new Error('a journey needs at least a start and an end');
  const nodes = Array.from({ length: nodeCount }, (_, i) => node(i, i === nodeCount - 1));
  const edges: TJourneyEdge[] = nodes.slice(0, -1).flatMap((n, i) =>
    outputs(n).map((handle) => ({
      id: `e-${n.id}-${handle ?? 'out'}`,
      source: n.id,
      sourceHandle: handle,
      target: nodes[i + 1]!.id,
    })),
  );
  const result = validateJourney({ name: `Builder benchmark (${nodeCount} nodes)`, nodes, edges });
  if (!result.ok) throw new Error(`the generated journey is invalid: ${JSON.stringify(result.problems.slice(0, 5))}`);
  return result.journey;
}
