import { z } from 'zod';
import { MAX_JOURNEY_NODES } from '../../core/journey/constants.js';
import { ZProblem } from '../../core/journey/problems.js';
import { JourneyStatus } from '../../infra/db.js';
import { page, pageQuery, ZDisplayName, ZSendPolicy, ZTimestamp, ZUuid } from './common.js';

/** The journey's own limit (core/journey/constants.ts), refused here before any deeper check. */
export const MAX_NODES = MAX_JOURNEY_NODES;
export const MAX_EDGES = 5_000;
/** Deepest JSON nesting stored in nodes/edges; the builder's own data is a handful of levels. */
const MAX_JSON_DEPTH = 64;

/**
 * True when Postgres jsonb can store `root` and Prisma can serialise it: no NUL in any
 * string or key (jsonb refuses them) and bounded depth (JSON.stringify recurses).
 * Iterative, so a hostile body cannot overflow the stack here either.
 */
function isStorableJson(root: unknown): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, depth } = item;
    if (typeof value === 'string') {
      if (value.includes('\0')) return false;
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_JSON_DEPTH) return false;
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\0')) return false;
        stack.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return true;
}

// Nodes and edges are checked only loosely here: drafts may be incomplete, and the deep
// rules are validateJourney's, reported as `problems` rather than refused.
function graphArray(max: number, label: string) {
  return z
    .array(z.looseObject({}))
    .max(max, `at most ${max} ${label}`)
    .refine(isStorableJson, `${label} must not contain NUL characters or nest deeper than ${MAX_JSON_DEPTH} levels`)
    .describe(
      `The builder's ${label}, stored as sent; what a launch needs is reported as problems (see JourneyNode, JourneyEdge).`,
    );
}

const ZNodes = graphArray(MAX_NODES, 'nodes');
const ZEdges = graphArray(MAX_EDGES, 'edges');
// Like the graph, stored as sent and checked deeply as `problems`: a draft's goal may be
// half written (a regex still being typed).
const ZGoal = z
  .looseObject({})
  .refine(isStorableJson, `goal must not contain NUL characters or nest deeper than ${MAX_JSON_DEPTH} levels`)
  .nullable()
  .describe(
    "What counts as a conversion, as the builder sent it: see JourneyGoal (a reply rule, or an event posted to POST /api/events, within `window` of the contact's start). Null: no goal. Checked as `problems`.",
  );

// Only these fields are writable; zod drops anything else (workspaceId, userId, status on create...).
// The send policy is checked strictly: unlike a draft graph, a bad one has nothing to finish later.
export const ZCreateJourney = z.object({
  name: ZDisplayName,
  nodes: ZNodes.optional(),
  edges: ZEdges.optional(),
  sendPolicy: ZSendPolicy.optional(),
  goal: ZGoal.optional(),
});
export const ZUpdateJourney = z
  .object({
    name: ZDisplayName.optional(),
    nodes: ZNodes.optional(),
    edges: ZEdges.optional(),
    sendPolicy: ZSendPolicy.optional(),
    goal: ZGoal.optional(),
    status: z.enum(['draft', 'active', 'archived']).optional(),
  })
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'nothing to update: send name, nodes, edges, sendPolicy, goal or status',
  );
export const ZJourneyListQuery = pageQuery(100, z.string());
// Any string is accepted: a malformed id is answered 404 like a missing one, so ids cannot be probed.
export const ZJourneyIdParam = z.object({ id: z.string().describe('The journey id (a UUID).') });

const ZGraphItems = z
  .array(z.looseObject({}))
  .describe('As saved: see JourneyNode and JourneyEdge for what a launchable journey holds.');

const ZJourney = z
  .object({
    id: ZUuid,
    name: z.string(),
    status: z.enum(JourneyStatus),
    nodes: ZGraphItems,
    edges: ZGraphItems,
    sendPolicy: ZSendPolicy,
    goal: ZGoal,
    userId: ZUuid,
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .meta({ id: 'Journey' });

export const ZJourneyBody = z
  .object({
    journey: ZJourney,
    problems: z
      .array(ZProblem.meta({ id: 'Problem' }))
      .describe('What stops it from launching; empty when it can be launched.'),
  })
  .meta({ id: 'JourneyWithProblems' });

export const ZJourneyPage = page(
  z.object({
    id: ZUuid,
    name: z.string(),
    status: z.enum(JourneyStatus),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
    nodeCount: z.int(),
  }),
);

export const ZJourneyVersionQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,9}$/, 'must be `nextCursor` of an earlier answer, unchanged (a version number)')
    .transform(Number)
    .optional(),
});

export const ZJourneyVersionPage = page(
  z
    .object({
      id: ZUuid,
      version: z.int(),
      name: z.string(),
      nodeCount: z.int(),
      runCount: z.int().describe('Runs launched with this version.'),
      movedContacts: z.int().describe("Contacts of earlier versions' runs moved onto this one that have not ended."),
      createdAt: ZTimestamp,
    })
    .meta({ id: 'JourneyVersion' }),
);
