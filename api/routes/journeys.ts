import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { validateJourney, ZSendPolicyLayer, type TProblem } from '../../core/index.js';
import { Prisma, type Db, type JourneyStatus } from '../../infra/db.js';
import type { ApiServices } from '../app.js';
import { isId, ownedId } from '../owned-id.js';
import { AppError } from '../../infra/app-error.js';
import type { AppEnv } from '../env.js';
import { requireRole } from '../middleware/auth.js';
import { validate } from '../middleware/validate.js';

export const MAX_NODES = 2_000;
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

const ZName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\0]*$/, 'must not contain NUL characters');
const ZNodes = graphArray(MAX_NODES, 'nodes');
const ZEdges = graphArray(MAX_EDGES, 'edges');

// Only these fields are writable; zod drops anything else (workspaceId, userId, status on create...).
// The send policy is checked strictly: unlike a draft graph, a bad one has nothing to finish later.
export const ZCreateJourney = z.object({
  name: ZName,
  nodes: ZNodes.optional(),
  edges: ZEdges.optional(),
  sendPolicy: ZSendPolicyLayer.optional(),
});
export const ZUpdateJourney = z
  .object({
    name: ZName.optional(),
    nodes: ZNodes.optional(),
    edges: ZEdges.optional(),
    sendPolicy: ZSendPolicyLayer.optional(),
    status: z.enum(['draft', 'active', 'archived']).optional(),
  })
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'nothing to update: send name, nodes, edges, sendPolicy or status',
  );
export const ZJourneyListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().optional(),
});
// Any string is accepted: a malformed id is answered 404 like a missing one, so ids cannot be probed.
export const ZJourneyIdParam = z.object({ id: z.string().describe('The journey id (a UUID).') });

type TJourneyRow = Prisma.JourneyModel;

const NOT_FOUND = 'Journey not found.';

function notFound(): AppError {
  return new AppError('not_found', NOT_FOUND);
}

/** The problems validateJourney finds in a stored journey; [] when it could be launched. */
function findProblems(journey: { name: string; nodes: unknown; edges: unknown; sendPolicy: unknown }): TProblem[] {
  const result = validateJourney({
    name: journey.name,
    nodes: journey.nodes,
    edges: journey.edges,
    sendPolicy: journey.sendPolicy,
  });
  return result.ok ? [] : result.problems;
}

function toJourneyBody(row: TJourneyRow) {
  const journey = {
    id: row.id,
    name: row.name,
    status: row.status,
    nodes: row.nodes,
    edges: row.edges,
    sendPolicy: row.sendPolicy,
    userId: row.userId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  return { journey, problems: findProblems(row) };
}

/** Loads a journey of the caller's workspace; another workspace's, a missing and a malformed id are all the same 404. */
export async function loadJourney(db: Db, workspaceId: string, id: string): Promise<TJourneyRow> {
  const row = await db.journey.findFirst({ where: { id: ownedId(id, NOT_FOUND), workspaceId } });
  if (!row) throw notFound();
  return row;
}

interface TListItem {
  id: string;
  name: string;
  status: JourneyStatus;
  createdAt: Date;
  updatedAt: Date;
  nodeCount: number;
}

/**
 * One page of the workspace's journeys, newest change first (ties by id, descending).
 * SQL rather than findMany so nodeCount comes from jsonb_array_length instead of loading
 * every journey's whole graph.
 */
async function listJourneys(db: Db, workspaceId: string, limit: number, cursorId: string | undefined) {
  let after = Prisma.empty;
  if (cursorId !== undefined) {
    const cursor = isId(cursorId)
      ? await db.journey.findFirst({ where: { id: cursorId, workspaceId }, select: { id: true, updatedAt: true } })
      : null;
    if (!cursor)
      throw new AppError('invalid_input', 'Unknown cursor: start again from the first page.', [
        { path: 'cursor', message: 'unknown cursor' },
      ]);
    after = Prisma.sql`AND ("updatedAt", id) < (${cursor.updatedAt}::timestamptz, ${cursor.id}::uuid)`;
  }
  const rows = await db.$queryRaw<TListItem[]>`
    SELECT id::text AS id, name, status::text AS status, "createdAt", "updatedAt",
      CASE WHEN jsonb_typeof(nodes) = 'array' THEN jsonb_array_length(nodes) ELSE 0 END AS "nodeCount"
    FROM "Journey"
    WHERE "workspaceId" = ${workspaceId}::uuid ${after}
    ORDER BY "updatedAt" DESC, id DESC
    LIMIT ${limit + 1}`;
  const items = rows.slice(0, limit).map((row) => ({ ...row, nodeCount: Number(row.nodeCount) }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? last.id : null };
}

/** `/journeys`: CRUD on the caller's workspace's journeys. Mount behind requireAuth. */
export function journeyRoutes({ config, db }: ApiServices) {
  const limit = bodyLimit({
    maxSize: config.MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('payload_too_large', `Request body exceeds ${config.MAX_BODY_BYTES} bytes.`);
    },
  });
  return new Hono<AppEnv>()
    .post('/', limit, validate('json', ZCreateJourney), async (c) => {
      const { workspaceId, userId } = c.get('auth');
      const input = c.req.valid('json');
      // The body is parsed JSON, so it is JSON; zod's loose object type just cannot say so.
      const nodes = (input.nodes ?? []) as Prisma.InputJsonValue;
      const edges = (input.edges ?? []) as Prisma.InputJsonValue;
      const row = await db.journey.create({
        data: { workspaceId, userId, name: input.name, nodes, edges, sendPolicy: input.sendPolicy ?? {} },
      });
      return c.json(toJourneyBody(row), 201);
    })
    .get('/', validate('query', ZJourneyListQuery), async (c) => {
      const { limit: pageSize, cursor } = c.req.valid('query');
      return c.json(await listJourneys(db, c.get('auth').workspaceId, pageSize, cursor));
    })
    .get('/:id', validate('param', ZJourneyIdParam), async (c) => {
      const row = await loadJourney(db, c.get('auth').workspaceId, c.req.valid('param').id);
      return c.json(toJourneyBody(row));
    })
    .put('/:id', limit, validate('param', ZJourneyIdParam), validate('json', ZUpdateJourney), async (c) => {
      const { workspaceId } = c.get('auth');
      const existing = await loadJourney(db, workspaceId, c.req.valid('param').id);
      const input = c.req.valid('json');
      const next = {
        name: input.name ?? existing.name,
        nodes: input.nodes ?? existing.nodes,
        edges: input.edges ?? existing.edges,
        sendPolicy: input.sendPolicy ?? existing.sendPolicy,
        status: input.status ?? existing.status,
      };
      // Drafts may be incomplete; an active journey is what launches run, so it must be clean.
      const problems = findProblems(next);
      if (next.status === 'active' && problems.length > 0) {
        throw new AppError(
          'invalid_input',
          'An active journey must have no problems: fix them or keep it a draft.',
          problems,
        );
      }
      // Compare-and-set on updatedAt: the problems above were computed from `existing`, so a
      // concurrent edit in between must not slip an invalid graph into an active journey.
      const { count } = await db.journey.updateMany({
        where: { id: existing.id, workspaceId, updatedAt: existing.updatedAt },
        data: {
          name: input.name,
          nodes: input.nodes as Prisma.InputJsonValue | undefined,
          edges: input.edges as Prisma.InputJsonValue | undefined,
          sendPolicy: input.sendPolicy,
          status: input.status,
        },
      });
      if (count === 0) throw new AppError('conflict', 'The journey changed while saving: reload it and try again.');
      return c.json(toJourneyBody(await loadJourney(db, workspaceId, existing.id)));
    })
    .delete('/:id', requireRole('admin'), validate('param', ZJourneyIdParam), async (c) => {
      const { workspaceId } = c.get('auth');
      const { id } = c.req.valid('param');
      ownedId(id, NOT_FOUND);
      // Deleting cascades to runs; one still in flight would lose the rows its workflows write to.
      const { count } = await db.journey.deleteMany({
        where: { id, workspaceId, runs: { none: { status: { in: ['queued', 'running'] } } } },
      });
      if (count === 0) {
        await loadJourney(db, workspaceId, id);
        throw new AppError('conflict', 'The journey has runs in progress: stop them, or archive the journey instead.');
      }
      return c.body(null, 204);
    });
}
