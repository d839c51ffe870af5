import type { z } from 'zod';
import type { ZSendPolicyLayer } from '../../core/index.js';
import type { Prisma } from '../../infra/db.js';
import { storedAs } from '../../infra/stored-json.js';
import { findProblems } from './find-problems.js';

/** The builder's nodes or edges as saved: loose objects, checked deeply only as `problems`. */
export type TGraphItems = Record<string, unknown>[];
/** A send policy layer as stored: the output of ZSendPolicyLayer. */
export type TStoredSendPolicy = z.output<typeof ZSendPolicyLayer>;
/** A goal as the builder saved it: a loose object, checked deeply only as `problems`. */
export type TStoredGoal = Record<string, unknown>;

/** A journey as the API shows it, with what stops it from launching. */
export function toJourneyView(row: Prisma.JourneyModel) {
  const journey = {
    id: row.id,
    name: row.name,
    status: row.status,
    nodes: storedAs<TGraphItems>(row.nodes),
    edges: storedAs<TGraphItems>(row.edges),
    sendPolicy: storedAs<TStoredSendPolicy>(row.sendPolicy),
    goal: row.goal === null ? null : storedAs<TStoredGoal>(row.goal),
    userId: row.userId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  return { journey, problems: findProblems(row) };
}
