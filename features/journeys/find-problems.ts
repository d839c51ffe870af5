import { validateJourney, type TProblem } from '../../core/index.js';

/** The stored fields a journey is checked by. */
export interface TCheckedFields {
  name: string;
  nodes: unknown;
  edges: unknown;
  sendPolicy: unknown;
  /** Null or absent: no goal. */
  goal?: unknown;
}

/** The problems validateJourney finds in a stored journey; [] when it could be launched. */
export function findProblems(journey: TCheckedFields): TProblem[] {
  const { name, nodes, edges, sendPolicy, goal } = journey;
  const result = validateJourney({ name, nodes, edges, sendPolicy, goal });
  return result.ok ? [] : result.problems;
}
