import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../prisma/generated/client.js';

/** Prisma Client, and `sql` for the few statements every message runs (see SqlRunner). */
export type Db = PrismaClient & { readonly sql: SqlRunner };
export { Prisma } from '../prisma/generated/client.js';
export * from '../prisma/generated/enums.js';

/**
 * Plain SQL straight through `pg`, on the pool Prisma uses: for the statements each message
 * runs (the send's row, its status callbacks, the sandbox's record of it, a reply). Prisma's
 * `$queryRaw` costs about 0.3 ms of CPU per statement in its client (profiled: 6.5 s of the
 * API's and 6.2 s of the message worker's CPU over a 3,600-contact bench); `pg` alone a
 * fraction of that. Same tagged-template form, and values are always bound parameters.
 * Each statement is prepared once per connection (see TPrepared): Postgres then skips
 * parsing and planning it on every later run.
 * Results as `pg` gives them: timestamps as Dates (read as UTC, as Prisma stores them),
 * json as objects, `bigint` and `numeric` as strings (cast counts to `int`).
 */
export interface SqlRunner {
  query<T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
  /** Runs a statement and answers how many rows it changed. */
  execute(strings: TemplateStringsArray, ...values: unknown[]): Promise<number>;
}

// Prisma maps DateTime to `timestamp(3)` (no zone) holding UTC: read it and write it as UTC.
pg.defaults.parseInputDatesAsUTC = true;
const TIMESTAMP_OID = 1114;
const parseUtcTimestamp = (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
const sqlTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID ? parseUtcTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A statement as it is prepared on each pooled connection. Named, Postgres parses and plans
 * it once per connection instead of on every run: measured on the reply path's statements
 * (the reply's workspaces, a contact's progress), 350 to 480 us of CPU per run unnamed
 * against 58 to 83 us named. The name is a digest of the text, so one text has one name in
 * every process and a different text can never reuse it; `generation` moves it to a new
 * name (see runPrepared).
 */
interface TPrepared {
  text: string;
  digest: string;
  generation: number;
}
/** Built once per call site: a tagged template's strings array is the same object every time that line runs. */
const prepared = new WeakMap<TemplateStringsArray, TPrepared>();

function statementOf(strings: TemplateStringsArray): TPrepared {
  let found = prepared.get(strings);
  if (!found) {
    let text = strings[0]!;
    for (let i = 1; i < strings.length; i++) text += `$${i}${strings[i]}`;
    found = { text, digest: createHash('sha1').update(text).digest('hex').slice(0, 20), generation: 0 };
    prepared.set(strings, found);
  }
  return found;
}

function isResultTypeChanged(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '0A000' && /cached plan must not change result type/.test(message ?? '');
}

/**
 * Runs a statement under its prepared name. Postgres refuses a prepared statement whose
 * result columns changed since it was prepared (a migration added a column that a
 * `SELECT *` or `RETURNING *` now returns): "cached plan must not change result type". The
 * statement then moves to its next generation's name, which every connection prepares
 * afresh, and runs again.
 */
async function runPrepared(pool: pg.Pool, strings: TemplateStringsArray, values: unknown[]) {
  const statement = statementOf(strings);
  const run = () =>
    pool.query({
      text: statement.text,
      name: `initucastt_${statement.digest}_${statement.generation}`,
      values,
      types: sqlTypes,
    });
  try {
    return await run();
  } catch (error) {
    if (!isResultTypeChanged(error)) throw error;
    statement.generation += 1;
    return run();
  }
}

/**
 * The SqlRunner of an interactive transaction, for statements written for `db.sql` that must
 * run inside one. Through Prisma, so results follow Prisma's rules rather than pg's (counts
 * as bigint).
 */
export function transactionSql(tx: Prisma.TransactionClient): SqlRunner {
  return {
    query: <T>(strings: TemplateStringsArray, ...values: unknown[]) => tx.$queryRaw<T[]>(strings, ...values),
    execute: (strings: TemplateStringsArray, ...values: unknown[]) => tx.$executeRaw(strings, ...values),
  };
}

/**
 * Prisma Client over the `pg` driver adapter: no native query engine is needed, so the
 * client works on machines that cannot download Prisma's engines.
 */
export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10, connectionTimeoutMillis: 5_000 });
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  const sql: SqlRunner = {
    async query<T>(strings: TemplateStringsArray, ...values: unknown[]) {
      return (await runPrepared(pool, strings, values)).rows as T[];
    },
    async execute(strings: TemplateStringsArray, ...values: unknown[]) {
      return (await runPrepared(pool, strings, values)).rowCount ?? 0;
    },
  };
  return Object.assign(client, { sql });
}
