import type { z } from 'zod';
import { validateJourney, type TProblem, type ZSendPolicyLayer } from '../../core/index.js';
import type { Prisma } from '../../infra/db.js';
import { storedAs } from '../../infra/stored-json.js';

/** The builder's nodes or edges as saved: loose objects, checked deeply only as `problems`. */
export type TGraphItems = Record<string, unknown>[];
/** A send policy layer as stored: the output of ZSendPolicyLayer. */
export type TStoredSendPolicy = z.output<typeof ZSendPolicyLayer>;

/** The stored fields a journey is checked by. */
export interface TCheckedFields {
  name: string;
  nodes: unknown;
  edges: unknown;
  sendPolicy: unknown;
}

/** The problems validateJourney finds in a stored journey; [] when it could be launched. */
export function findProblems(journey: TCheckedFields): TProblem[] {
  const { name, nodes, edges, sendPolicy } = journey;
  const result = validateJourney({ name, nodes, edges, sendPolicy });
  return result.ok ? [] : result.problems;
}

/** A journey as the API shows it, with what stops it from launching. */
export function toJourneyView(row: Prisma.JourneyModel) {
  const journey = {
    id: row.id,
    name: row.name,
    status: row.status,
    nodes: storedAs<TGraphItems>(row.nodes),
    edges: storedAs<TGraphItems>(row.edges),
    sendPolicy: storedAs<TStoredSendPolicy>(row.sendPolicy),
    userId: row.userId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  return { journey, problems: findProblems(row) };
}
