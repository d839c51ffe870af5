import type { Db, Prisma } from '../infra/db.js';
import type { SandboxMessageRow } from './message-resource.js';
import { addressFor, type Channel } from './phone.js';

/** A `[gte, lt)` window on the sent date (the creation date while still queued). */
export interface DateWindow {
  gte?: Date;
  lt?: Date;
}

export interface ListFilter {
  accountSid: string;
  to?: string;
  from?: string;
  dateSent?: DateWindow;
}

export interface ListPage {
  pageSize: number;
  /** Rows to skip (Page without PageToken). */
  offset?: number;
  /** Keyset cursor: rows strictly older than this one. */
  after?: { dateCreated: Date; sid: string };
}

/**
 * What one workspace may see of the sandbox: the messages our API sent for it (matched by
 * sid through its MessageLog rows) and the replies to the numbers it sends from (`senders`),
 * from phones it has messaged. The sandbox stands in for Twilio, which knows nothing of
 * workspaces; this is the one place it reads the app's own tables, to scope the simulator.
 */
export interface WorkspaceScope {
  workspaceId: string;
  /** Sender addresses (`+1...`, `whatsapp:+1...`) replies to which belong to the workspace. */
  senders: string[];
}

export interface PhoneSummary {
  phone: string;
  messageCount: number;
  last: SandboxMessageRow;
}

/** A `[since, until)` window on the creation date; open on a missing side. */
export interface TimeRange {
  since?: Date;
  until?: Date;
}

export interface SecondCount {
  /** ISO time truncated to the second. */
  second: string;
  count: number;
}

/** A new message: every column but those that start empty. */
export type TNewSandboxMessage = Pick<
  SandboxMessageRow,
  'sid' | 'accountSid' | 'direction' | 'to' | 'from' | 'numMedia' | 'status' | 'dateCreated' | 'dateUpdated'
> &
  Partial<SandboxMessageRow>;

export interface TStatusChange {
  status: string;
  dateSent?: Date;
  errorCode?: number;
  errorMessage?: string;
}

const newestFirst: Prisma.SandboxMessageOrderByWithRelationInput[] = [{ dateCreated: 'desc' }, { sid: 'desc' }];

/** All SandboxMessage reads and writes. */
export class SandboxStore {
  constructor(private readonly db: Db) {}

  /**
   * Stores a message. Plain SQL on the hot path (every message is an insert and two
   * status updates): Prisma's query compiler cost more CPU per message than the rest of
   * the sandbox's handling.
   */
  async insert(data: TNewSandboxMessage): Promise<SandboxMessageRow> {
    const row: SandboxMessageRow = {
      body: null,
      contentSid: null,
      contentVariables: null,
      buttons: null,
      errorCode: null,
      errorMessage: null,
      statusCallback: null,
      messagingServiceSid: null,
      dateSent: null,
      ...data,
    };
    await this.db.sql.execute`
      INSERT INTO "SandboxMessage" ("sid", "accountSid", "direction", "to", "from", "body", "contentSid", "contentVariables",
        "buttons", "numMedia", "status", "errorCode", "errorMessage", "statusCallback", "messagingServiceSid", "dateCreated",
        "dateSent", "dateUpdated")
      VALUES (${row.sid}, ${row.accountSid}, ${row.direction}, ${row.to}, ${row.from}, ${row.body}, ${row.contentSid},
        ${row.contentVariables}, ${row.buttons === null ? null : JSON.stringify(row.buttons)}::jsonb, ${row.numMedia}, ${row.status},
        ${row.errorCode}, ${row.errorMessage}, ${row.statusCallback}, ${row.messagingServiceSid}, ${row.dateCreated},
        ${row.dateSent}, ${row.dateUpdated})`;
    return row;
  }

  find(accountSid: string, sid: string): Promise<SandboxMessageRow | null> {
    return this.db.sandboxMessage.findFirst({ where: { sid, accountSid } });
  }

  /** Moves a message to `status` (setting when it was sent, or why it failed, with it). */
  async update(sid: string, change: TStatusChange): Promise<void> {
    await this.db.sql.execute`
      UPDATE "SandboxMessage"
      SET "status" = ${change.status}, "dateSent" = COALESCE(${change.dateSent ?? null}::timestamptz, "dateSent"),
          "errorCode" = COALESCE(${change.errorCode ?? null}::int, "errorCode"),
          "errorMessage" = COALESCE(${change.errorMessage ?? null}, "errorMessage"), "dateUpdated" = now()
      WHERE "sid" = ${sid}`;
  }

  /** Twilio's list order: newest first. Returns up to `pageSize + 1` rows so callers can see a next page. */
  list(filter: ListFilter, page: ListPage): Promise<SandboxMessageRow[]> {
    const and: Prisma.SandboxMessageWhereInput[] = [{ accountSid: filter.accountSid }];
    if (filter.to !== undefined) and.push({ to: filter.to });
    if (filter.from !== undefined) and.push({ from: filter.from });
    if (filter.dateSent) {
      const range = filter.dateSent;
      and.push({ OR: [{ dateSent: range }, { dateSent: null, dateCreated: range }] });
    }
    if (page.after) {
      const { dateCreated, sid } = page.after;
      and.push({ OR: [{ dateCreated: { lt: dateCreated } }, { dateCreated, sid: { lt: sid } }] });
    }
    return this.db.sandboxMessage.findMany({
      where: { AND: and },
      orderBy: newestFirst,
      take: page.pageSize + 1,
      ...(page.after || !page.offset ? {} : { skip: page.offset }),
    });
  }

  /** Everything a phone received and sent (both address forms), oldest first, the latest `limit`. */
  async conversation(phone: string, limit: number): Promise<SandboxMessageRow[]> {
    const addresses = [addressFor(phone, 'sms'), addressFor(phone, 'whatsapp')];
    const rows = await this.db.sandboxMessage.findMany({
      where: { OR: [{ to: { in: addresses } }, { from: { in: addresses } }] },
      orderBy: newestFirst,
      take: limit,
    });
    return rows.reverse();
  }

  /** The workspace's conversation with a phone (see WorkspaceScope), oldest first, the latest `limit`. */
  async scopedConversation(phone: string, scope: WorkspaceScope, limit: number): Promise<SandboxMessageRow[]> {
    const rows = await this.db.sql.query<SandboxMessageRow>`
      SELECT s.* FROM "SandboxMessage" s
      WHERE s."to" IN (${phone}, ${addressFor(phone, 'whatsapp')}) AND s.direction <> 'inbound'
        AND EXISTS (SELECT 1 FROM "MessageLog" l WHERE l."twilioSid" = s.sid AND l."workspaceId" = ${scope.workspaceId}::uuid)
      UNION ALL
      SELECT s.* FROM "SandboxMessage" s
      WHERE s."from" IN (${phone}, ${addressFor(phone, 'whatsapp')}) AND s.direction = 'inbound'
        AND s."to" = ANY(${scope.senders}::text[])
        AND EXISTS (SELECT 1 FROM "MessageLog" l WHERE l."workspaceId" = ${scope.workspaceId}::uuid AND l.phone = ${phone})
      ORDER BY "dateCreated" DESC, sid DESC
      LIMIT ${limit}`;
    return rows.reverse();
  }

  /** The channel the workspace last messaged a phone on, or undefined when it never did. */
  async lastChannelOf(phone: string, workspaceId: string): Promise<Channel | undefined> {
    const [row] = await this.db.sql.query<{ channel: Channel }>`
      SELECT channel FROM "MessageLog" WHERE "workspaceId" = ${workspaceId}::uuid AND phone = ${phone}
      ORDER BY "createdAt" DESC LIMIT 1`;
    return row?.channel;
  }

  /** The numbers a workspace sends from: its own on a channel, else the deployment's default there. */
  async sendersOf(workspaceId: string, defaults: Readonly<Record<Channel, string>>): Promise<Record<Channel, string>> {
    const own = await this.db.sql.query<{ channel: Channel; address: string }>`
      SELECT channel, address FROM "WorkspaceSender" WHERE "workspaceId" = ${workspaceId}::uuid`;
    return { ...defaults, ...Object.fromEntries(own.map((row) => [row.channel, row.address])) };
  }

  /** The latest outbound message to a phone, on one channel or either. */
  lastOutboundTo(phone: string, channel?: Channel): Promise<SandboxMessageRow | null> {
    const addresses = channel
      ? [addressFor(phone, channel)]
      : [addressFor(phone, 'sms'), addressFor(phone, 'whatsapp')];
    return this.db.sandboxMessage.findFirst({
      where: { direction: 'outbound-api', to: { in: addresses } },
      orderBy: newestFirst,
    });
  }

  /** Every phone the sandbox has talked to, most recently active first. */
  async phones(limit: number): Promise<PhoneSummary[]> {
    const rows = await this.db.$queryRaw<Array<SandboxMessageRow & { phone: string; messageCount: number }>>`
      WITH m AS (
        SELECT *, regexp_replace(CASE WHEN direction = 'inbound' THEN "from" ELSE "to" END, '^whatsapp:', '') AS phone
        FROM "SandboxMessage"
      ), stats AS (
        SELECT phone, count(*)::int AS "messageCount" FROM m GROUP BY phone
      ), latest AS (
        SELECT DISTINCT ON (phone) * FROM m ORDER BY phone, "dateCreated" DESC, sid DESC
      )
      SELECT latest.*, stats."messageCount" FROM latest JOIN stats USING (phone)
      ORDER BY latest."dateCreated" DESC, latest.sid DESC
      LIMIT ${limit}`;
    return rows.map(({ phone, messageCount, ...last }) => ({ phone, messageCount: Number(messageCount), last }));
  }

  /** The phones a workspace has messaged, most recently active first (see WorkspaceScope). */
  async scopedPhones(scope: WorkspaceScope, limit: number): Promise<PhoneSummary[]> {
    const rows = await this.db.sql.query<SandboxMessageRow & { phone: string; messageCount: number }>`
      WITH mine AS (
        SELECT DISTINCT phone FROM "MessageLog" WHERE "workspaceId" = ${scope.workspaceId}::uuid
      ), m AS (
        SELECT s.*, regexp_replace(s."to", '^whatsapp:', '') AS phone FROM "SandboxMessage" s
        WHERE s.direction <> 'inbound'
          AND EXISTS (SELECT 1 FROM "MessageLog" l WHERE l."twilioSid" = s.sid AND l."workspaceId" = ${scope.workspaceId}::uuid)
        UNION ALL
        SELECT s.*, regexp_replace(s."from", '^whatsapp:', '') AS phone FROM "SandboxMessage" s
        WHERE s.direction = 'inbound' AND s."to" = ANY(${scope.senders}::text[])
          AND regexp_replace(s."from", '^whatsapp:', '') IN (SELECT phone FROM mine)
      ), stats AS (
        SELECT phone, count(*)::int AS "messageCount" FROM m GROUP BY phone
      ), latest AS (
        SELECT DISTINCT ON (phone) * FROM m ORDER BY phone, "dateCreated" DESC, sid DESC
      )
      SELECT latest.*, stats."messageCount" FROM latest JOIN stats USING (phone)
      ORDER BY latest."dateCreated" DESC, latest.sid DESC
      LIMIT ${limit}`;
    return rows.map(({ phone, messageCount, ...last }) => ({ phone, messageCount: Number(messageCount), last }));
  }

  /** Accepted outbound messages per wall-clock second (by dateCreated, the arrival time), oldest first. */
  async perSecondCounts(range: TimeRange = {}): Promise<SecondCount[]> {
    const rows = await this.db.$queryRaw<Array<{ second: Date; count: number }>>`
      SELECT date_trunc('second', "dateCreated") AS second, count(*)::int AS count
      FROM "SandboxMessage"
      WHERE direction = 'outbound-api'
        AND (${range.since ?? null}::timestamptz IS NULL OR "dateCreated" >= ${range.since ?? null}::timestamptz)
        AND (${range.until ?? null}::timestamptz IS NULL OR "dateCreated" < ${range.until ?? null}::timestamptz)
      GROUP BY 1
      ORDER BY 1`;
    return rows.map((row) => ({ second: new Date(row.second).toISOString(), count: Number(row.count) }));
  }

  /**
   * The most accepted outbound messages created within any 1000 ms window: for each
   * message t, those in [t, t + 1 s). Dates have millisecond precision, so 999 ms
   * FOLLOWING (inclusive) is exactly that half-open second.
   */
  async maxInAnySlidingSecond(range: TimeRange = {}): Promise<number> {
    const rows = await this.db.$queryRaw<Array<{ max: number }>>`
      SELECT coalesce(max(n), 0)::int AS max FROM (
        SELECT count(*) OVER (ORDER BY "dateCreated" RANGE BETWEEN CURRENT ROW AND INTERVAL '999 milliseconds' FOLLOWING) AS n
        FROM "SandboxMessage"
        WHERE direction = 'outbound-api'
          AND (${range.since ?? null}::timestamptz IS NULL OR "dateCreated" >= ${range.since ?? null}::timestamptz)
          AND (${range.until ?? null}::timestamptz IS NULL OR "dateCreated" < ${range.until ?? null}::timestamptz)
      ) windows`;
    return Number(rows[0]?.max ?? 0);
  }
}
