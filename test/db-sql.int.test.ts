/**
 * `db.sql` prepares each statement once per connection, and a statement whose result
 * columns a migration changed still runs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../infra/db.js';
import { testConfig } from './support/context.js';

// One connection, so every statement below meets the ones prepared before it.
const db = createDb(testConfig().DATABASE_URL, { max: 1 });
afterAll(() => db.$disconnect());

const prepared = () =>
  db.sql.query<{ statement: string }>`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'initucastt_%'`;

describe('db.sql', () => {
  it('prepares a statement once on a connection and runs it again by name', async () => {
    const double = (n: number) => db.sql.query<{ doubled: number }>`SELECT ${n}::int * 2 AS doubled`;
    expect(await double(2)).toEqual([{ doubled: 4 }]);
    expect(await double(21)).toEqual([{ doubled: 42 }]);

    const statements = (await prepared()).map((row) => row.statement);
    expect(statements.filter((text) => text === 'SELECT $1::int * 2 AS doubled')).toHaveLength(1);
  });

  it('runs a statement again after a migration changed the columns it returns', async () => {
    await db.sql.execute`DROP TABLE IF EXISTS "PreparedShape"`;
    await db.sql.execute`CREATE TABLE "PreparedShape" ("id" int PRIMARY KEY)`;
    await db.sql.execute`INSERT INTO "PreparedShape" ("id") VALUES (${1}::int)`;
    const rows = () => db.sql.query<Record<string, number>>`SELECT * FROM "PreparedShape" WHERE "id" = ${1}::int`;
    expect(await rows()).toEqual([{ id: 1 }]);

    // Postgres alone refuses the prepared SELECT * now: "cached plan must not change result type".
    await db.sql.execute`ALTER TABLE "PreparedShape" ADD COLUMN "size" int NOT NULL DEFAULT 7`;
    expect(await rows()).toEqual([{ id: 1, size: 7 }]);
    expect(await rows()).toEqual([{ id: 1, size: 7 }]);
    await db.sql.execute`DROP TABLE "PreparedShape"`;
  });
});
