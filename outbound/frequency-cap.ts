import { frequencyCapDecision, type TFrequencyCap, type TOverCap } from '../core/policy/index.js';
import type { Db, Prisma } from '../infra/db.js';

type TNewRow = Omit<Prisma.MessageLogUncheckedCreateInput, 'status'> & {
  idempotencyKey: string;
  workspaceId: string;
  phone: string;
};
type TLog = Awaited<ReturnType<Db['messageLog']['create']>>;

export type TCapDecision =
  { log: TLog; deferredUntil?: undefined } | { deferredUntil: Date; reason: string; log?: undefined };

/**
 * The frequency cap, applied where every send of a journey or campaign is recorded: at most
 * `cap.max` messages to a phone per rolling `cap.windowHours` across the workspace.
 * Counted are sends that went, or are going, to Twilio (not suppressed, skipped or failed
 * before sending), except a test send's: a tester trying a journey on their own phone must
 * not use up the cap their real launch to that phone then meets. Checking and recording happen under a transaction-scoped advisory lock
 * on (workspace, phone), so two journeys sending to one phone at once cannot both slip
 * under the cap. A send already recorded (a retried activity) is never counted against itself.
 */
export async function checkFrequencyCap(
  db: Db,
  input: { row: TNewRow; cap: TFrequencyCap; overCap: TOverCap },
): Promise<TCapDecision> {
  const { row, cap } = input;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${row.workspaceId}:${row.phone}`}, 0))`;
    const existing = await tx.messageLog.findUnique({ where: { idempotencyKey: row.idempotencyKey } });
    if (existing) return { log: existing };
    const now = Date.now();
    const since = new Date(now - cap.windowHours * 3_600_000);
    const counted = await tx.$queryRaw<Array<{ createdAt: Date }>>`
      SELECT "createdAt" FROM "MessageLog"
      WHERE "workspaceId" = ${row.workspaceId}::uuid AND "phone" = ${row.phone} AND "createdAt" > ${since}
        AND "status" NOT IN ('suppressed', 'skipped') AND NOT ("status" = 'failed' AND "twilioSid" IS NULL)
        AND NOT "isTest"`;
    const decision = frequencyCapDecision({ nowMs: now, sentAtMs: counted.map((r) => r.createdAt.getTime()), cap });
    if (decision.ok) return { log: await tx.messageLog.create({ data: { ...row, status: 'pending' } }) };
    const reason = `over the frequency cap of ${cap.max} per ${cap.windowHours} h for this phone`;
    if (input.overCap === 'wait') return { deferredUntil: new Date(decision.retryAtMs), reason };
    return { log: await tx.messageLog.create({ data: { ...row, status: 'skipped', error: reason } }) };
  });
}
