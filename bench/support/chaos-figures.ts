/**
 * What the chaos run delivered, from the bench's own database: contacts per state, what
 * the sandbox received (the stand-in for Twilio's records) against what was expected and
 * against the MessageLog rows, and which in-flight sends a message-worker kill caught.
 */
import type pg from 'pg';

/** A Messages create the sandbox answered around a message-worker kill. */
export interface AttemptAtKill {
  killAt: Date;
  to: string;
  body?: string;
  sid?: string;
  at: string;
  answeredAt: string;
}

export interface ChaosFigures {
  contactsByState: Record<string, number>;
  finished: number;
  received: number;
  distinctReceived: number;
  duplicates: number;
  duplicateExamples: Array<Record<string, unknown>>;
  missing: number;
  missingExamples: Array<Record<string, unknown>>;
  logByStatus: Record<string, number>;
  logWithoutSid: number;
  orphanSandboxSids: number;
  orphanExamples: Array<Record<string, unknown>>;
  logSidsNotAtSandbox: number;
}

async function rows<T extends pg.QueryResultRow>(db: pg.Client, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

async function num(db: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await rows<{ n: string }>(db, sql, params))[0]?.n ?? 0);
}

/** Outbound messages the sandbox accepted so far. */
export const sandboxCount = (db: pg.Client) =>
  num(db, `SELECT count(*) AS n FROM "SandboxMessage" WHERE direction = 'outbound-api'`);

/** Contacts of the run that reached a final state. */
export const finishedCount = (db: pg.Client, runId: string) =>
  num(db, `SELECT count(*) AS n FROM "Contact" WHERE "runId" = $1 AND "endedAt" IS NOT NULL`, [runId]);

/** `bodies(i)` are the bodies contact i (vars.firstName = `Guest i`) must receive. */
export async function chaosFigures(db: pg.Client, runId: string, bodies: readonly string[]): Promise<ChaosFigures> {
  const byState = await rows<{ state: string; n: string }>(
    db,
    `SELECT state, count(*) AS n FROM "Contact" WHERE "runId" = $1 GROUP BY state ORDER BY state`,
    [runId],
  );
  const outbound = `SELECT * FROM "SandboxMessage" WHERE direction = 'outbound-api'`;
  const received = await num(db, `SELECT count(*) AS n FROM (${outbound}) m`);
  const distinctReceived = await num(db, `SELECT count(DISTINCT ("to", body)) AS n FROM (${outbound}) m`);
  const duplicateExamples = await rows(
    db,
    `SELECT m."to", m.body, count(*) AS copies, array_agg(m.sid ORDER BY m."dateCreated") AS sids,
            array_agg(to_char(m."dateCreated", 'HH24:MI:SS.MS') ORDER BY m."dateCreated") AS arrived,
            (SELECT json_agg(json_build_object('key', l."idempotencyKey", 'sid', l."twilioSid", 'status', l.status, 'attempts', l.attempts))
               FROM "MessageLog" l WHERE l.phone = m."to" AND l.body = m.body) AS "messageLog"
     FROM (${outbound}) m GROUP BY m."to", m.body HAVING count(*) > 1 ORDER BY min(m."dateCreated") LIMIT 5`,
  );
  const expected = `SELECT c.phone, replace(b.body, '{{firstName}}', c.vars->>'firstName') AS body
                    FROM "Contact" c CROSS JOIN unnest($2::text[]) AS b(body) WHERE c."runId" = $1`;
  const missingExamples = await rows(
    db,
    `SELECT e.* FROM (${expected}) e WHERE NOT EXISTS (SELECT 1 FROM (${outbound}) m WHERE m."to" = e.phone AND m.body = e.body) LIMIT 5`,
    [runId, bodies],
  );
  const missing = await num(
    db,
    `SELECT count(*) AS n FROM (${expected}) e WHERE NOT EXISTS (SELECT 1 FROM (${outbound}) m WHERE m."to" = e.phone AND m.body = e.body)`,
    [runId, bodies],
  );
  const byStatus = await rows<{ status: string; n: string }>(
    db,
    `SELECT status, count(*) AS n FROM "MessageLog" GROUP BY status ORDER BY status`,
  );
  const orphans = `SELECT m.* FROM (${outbound}) m WHERE NOT EXISTS (SELECT 1 FROM "MessageLog" l WHERE l."twilioSid" = m.sid)`;
  return {
    contactsByState: Object.fromEntries(byState.map((r) => [r.state, Number(r.n)])),
    finished: await finishedCount(db, runId),
    received,
    distinctReceived,
    duplicates: received - distinctReceived,
    duplicateExamples,
    missing,
    missingExamples,
    logByStatus: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
    logWithoutSid: await num(db, `SELECT count(*) AS n FROM "MessageLog" WHERE "twilioSid" IS NULL`),
    orphanSandboxSids: await num(db, `SELECT count(*) AS n FROM (${orphans}) o`),
    orphanExamples: await rows(
      db,
      `SELECT sid, "to", body, to_char("dateCreated", 'HH24:MI:SS.MS') AS arrived FROM (${orphans}) o ORDER BY "dateCreated" LIMIT 5`,
    ),
    logSidsNotAtSandbox: await num(
      db,
      `SELECT count(*) AS n FROM "MessageLog" l WHERE l."twilioSid" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "SandboxMessage" m WHERE m.sid = l."twilioSid")`,
    ),
  };
}

/**
 * The window no design closes: Twilio (the sandbox) accepted a message and answered, but
 * the worker that asked was dead by then (answer written at or after the kill, 1 ms
 * slack), so it could not record the sid. Shows how each was resolved: whether the sid
 * still reached the row (status callback carrying the key, or the lookup before a
 * resend) and how many copies the phone got.
 */
export async function windowHits(db: pg.Client, attempts: readonly AttemptAtKill[]) {
  const hits: Array<{ to: string; body: string | undefined; copies: number; sidOnRow: boolean; lateMs: number }> = [];
  for (const attempt of attempts) {
    const lateMs = new Date(attempt.answeredAt).getTime() - attempt.killAt.getTime();
    if (!attempt.sid || new Date(attempt.at) > attempt.killAt || lateMs < -1) continue;
    const [m] = await rows<{ copies: string; on_row: boolean }>(
      db,
      `SELECT count(*) AS copies, EXISTS (SELECT 1 FROM "MessageLog" WHERE "twilioSid" = $3) AS on_row
       FROM "SandboxMessage" WHERE direction = 'outbound-api' AND "to" = $1 AND body = $2`,
      [attempt.to, attempt.body ?? null, attempt.sid],
    );
    hits.push({
      to: attempt.to,
      body: attempt.body,
      copies: Number(m?.copies ?? 0),
      sidOnRow: Boolean(m?.on_row),
      lateMs,
    });
  }
  return hits;
}
