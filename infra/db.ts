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

function statement(strings: TemplateStringsArray, values: unknown[]): pg.QueryConfig {
  let text = strings[0]!;
  for (let i = 1; i < strings.length; i++) text += `$${i}${strings[i]}`;
  return { text, values, types: sqlTypes };
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
      return (await pool.query(statement(strings, values))).rows as T[];
    },
    async execute(strings: TemplateStringsArray, ...values: unknown[]) {
      return (await pool.query(statement(strings, values))).rowCount ?? 0;
    },
  };
  return Object.assign(client, { sql });
}
