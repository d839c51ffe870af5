import { Prisma, type Db } from '../../infra/db.js';
import { requireRun } from '../runs/require-run.js';
import { csvStream, keysetPages, type TCsvExport } from './csv-stream.js';

const PAGE_SIZE = 1000;
/**
 * Variables flattened into columns of their own, at most. Contacts of one launch share
 * their variables, but a JSON launch may give each a different set; past this many names,
 * the rest go in one `otherVars` JSON column, so nothing is lost and the header stays usable.
 */
export const MAX_VAR_COLUMNS = 200;

interface TContactRow {
  phone: string;
  state: string;
  cursor: string | null;
  vars: unknown;
  startedAt: Date | null;
  endedAt: Date | null;
  error: string | null;
  isTest: boolean;
}

/** The run's variable names, sorted; one more than MAX_VAR_COLUMNS says there are too many. */
async function variableNames(db: Db, runId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT DISTINCT name FROM "Contact",
      jsonb_object_keys(CASE WHEN jsonb_typeof("vars") = 'object' THEN "vars" ELSE '{}'::jsonb END) AS name
    WHERE "runId" = ${runId}::uuid
    ORDER BY name
    LIMIT ${MAX_VAR_COLUMNS + 1}`;
  return rows.map((row) => row.name);
}

// Keyset on phone: (runId, phone) is unique and indexed, so every page is an index range.
// startedAt is the contact's first recorded step, kept beside its history (which drops old steps).
function fetchContacts(db: Db, workspaceId: string, runId: string, after: string | undefined): Promise<TContactRow[]> {
  const afterPhone = after === undefined ? Prisma.empty : Prisma.sql`AND "phone" > ${after}`;
  return db.$queryRaw<TContactRow[]>`
    SELECT "phone", "state"::text AS "state", "cursor", "vars", "startedAt", "endedAt", "error", "isTest"
    FROM "Contact"
    WHERE "runId" = ${runId}::uuid AND "workspaceId" = ${workspaceId}::uuid ${afterPhone}
    ORDER BY "phone"
    LIMIT ${PAGE_SIZE}`;
}

function varsOf(row: TContactRow): Record<string, unknown> {
  return typeof row.vars === 'object' && row.vars !== null && !Array.isArray(row.vars)
    ? (row.vars as Record<string, unknown>)
    : {};
}

/**
 * The contacts of a run of `workspaceId` as CSV: phone, state, node, one `vars.<name>`
 * column per variable, startedAt, endedAt, error, and isTest (a test send's contact).
 * @throws AppError not_found when the run is not the workspace's (another workspace's run looks missing).
 */
export async function exportRunContacts(
  db: Db,
  input: { workspaceId: string; runId: string; onError: (error: unknown) => void },
): Promise<TCsvExport> {
  const { workspaceId } = input;
  const runId = await requireRun(db, workspaceId, input.runId);
  const names = await variableNames(db, runId);
  const columns = names.slice(0, MAX_VAR_COLUMNS);
  const flattened = new Set(columns);
  const hasOthers = names.length > MAX_VAR_COLUMNS;
  const header = [
    'phone',
    'state',
    'node',
    ...columns.map((name) => `vars.${name}`),
    ...(hasOthers ? ['otherVars'] : []),
    'startedAt',
    'endedAt',
    'error',
    'isTest',
  ];

  const toCells = (row: TContactRow) => {
    const vars = varsOf(row);
    const others = hasOthers ? [Object.fromEntries(Object.entries(vars).filter(([name]) => !flattened.has(name)))] : [];
    return [
      row.phone,
      row.state,
      row.cursor,
      ...columns.map((name) => vars[name]),
      ...others,
      row.startedAt,
      row.endedAt,
      row.error,
      row.isTest,
    ];
  };
  async function* pages() {
    for await (const rows of keysetPages(
      PAGE_SIZE,
      (after: string | undefined) => fetchContacts(db, workspaceId, runId, after),
      (row) => row.phone,
    )) {
      yield rows.map(toCells);
    }
  }
  return { filename: `run-${runId}-contacts.csv`, body: csvStream(header, pages(), input.onError) };
}
