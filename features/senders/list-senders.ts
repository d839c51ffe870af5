import { sendCost, senderRate } from '../../core/senders/sender-rate.js';
import { senderDrainSeconds } from '../../core/senders/pool-forecast.js';
import type { TChannel } from '../../core/journey/constants.js';
import type { Db } from '../../infra/db.js';
import { toSenderView, type ReadSenderStats, type TSenderView } from './sender-view.js';

/**
 * The workspace's senders, each with its rate and its queue: the sends waiting to go (not
 * yet taken by Twilio) of the phones stuck to it, plus its share of those not stuck to any
 * sender yet (shared out by rate, as the pick does), and how long they take to drain at its
 * rate (lowered while Twilio's back-pressure holds, when the limiter can be asked).
 */
export async function listSenders(
  deps: { db: Db; readStats?: ReadSenderStats | undefined },
  workspaceId: string,
): Promise<{ senders: TSenderView[] }> {
  const rows = await deps.db.workspaceSender.findMany({ where: { workspaceId }, orderBy: { createdAt: 'asc' } });
  const waiting = await deps.db.sql.query<{
    channel: TChannel;
    address: string | null;
    body: string | null;
    count: number;
  }>`
    SELECT m."channel", k."address", m."body", count(*)::int AS "count"
    FROM "MessageLog" m
    LEFT JOIN "StickySender" k ON k."workspaceId" = m."workspaceId" AND k."phone" = m."phone" AND k."channel" = m."channel"
    WHERE m."workspaceId" = ${workspaceId}::uuid AND m."twilioSid" IS NULL
      AND m."status" IN ('pending', 'queued', 'sending')
    GROUP BY 1, 2, 3`;
  const live = new Map(
    ((await deps.readStats?.(rows.map((row) => row.address)).catch(() => [])) ?? []).map((s) => [s.address, s]),
  );
  const inPool = new Set(rows.map((row) => row.address));
  const own = new Map<string, { messages: number; segments: number }>();
  const unassigned = { sms: 0, whatsapp: 0 };
  for (const group of waiting) {
    const segments = sendCost(group.channel, group.body ?? undefined) * group.count;
    if (group.address && inPool.has(group.address)) {
      const queued = own.get(group.address) ?? { messages: 0, segments: 0 };
      own.set(group.address, { messages: queued.messages + group.count, segments: queued.segments + segments });
    } else unassigned[group.channel] += segments;
  }
  const capacity = (channel: TChannel) =>
    rows.filter((row) => row.channel === channel).reduce((sum, row) => sum + senderRate(row), 0);
  return {
    senders: rows.map((row) => {
      const queued = own.get(row.address) ?? { messages: 0, segments: 0 };
      const stats = live.get(row.address);
      const drainSeconds =
        senderDrainSeconds(row, queued.segments, stats?.rateFactor ?? 1) +
        unassigned[row.channel] / capacity(row.channel);
      return toSenderView(row, { queued, drainSeconds: Math.ceil(drainSeconds), ...(stats ? { live: stats } : {}) });
    }),
  };
}
