/**
 * Sends without Temporal: MessageLog rows and `messages` jobs of the same shape as the
 * sendMessage activity writes (activities/send-message.ts), minus `activity`, so the
 * message worker sends them and nobody waits for a completion.
 */
import type pg from 'pg';
import type { TMessageJob } from '../../outbound/message-job.js';
import { createMessageQueue } from '../../outbound/message-queue.js';
import { createRedis } from '../../infra/redis.js';

export interface DirectSend {
  db: pg.Client;
  redisUrl: string;
  redisPrefix: string;
  queueName: string;
  workspaceId: string;
  /** Marks this batch: keys are `bench-<tag>-<i>`, bodies `Bench <tag> #<i>`. */
  tag: string;
  phones: readonly string[];
}

export const directBody = (tag: string, i: number) => `Bench ${tag} #${i}`;

/** Inserts the rows in one statement, then adds every job (bulk, 1,000 at a time). */
export async function enqueueDirect(send: DirectSend): Promise<void> {
  const keys = send.phones.map((_, i) => `bench-${send.tag}-${i}`);
  const bodies = send.phones.map((_, i) => directBody(send.tag, i));
  await send.db.query(
    `INSERT INTO "MessageLog" ("workspaceId", "idempotencyKey", "phone", "channel", "body", "status")
     SELECT $1::uuid, key, phone, 'sms', body, 'pending' FROM unnest($2::text[], $3::text[], $4::text[]) AS t(key, phone, body)`,
    [send.workspaceId, keys, [...send.phones], bodies],
  );
  const connection = createRedis(send.redisUrl);
  const queue = createMessageQueue<TMessageJob>({ name: send.queueName, prefix: send.redisPrefix, connection });
  try {
    for (let start = 0; start < keys.length; start += 1_000) {
      await queue.addBulk(
        keys.slice(start, start + 1_000).map((key, j) => ({
          name: 'send',
          data: {
            idempotencyKey: key,
            workspaceId: send.workspaceId,
            to: send.phones[start + j]!,
            channel: 'sms',
            body: bodies[start + j]!,
          },
          opts: { jobId: key },
        })),
      );
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Removes every waiting and delayed job (a batch that ran out of time must not slow the next one). */
export async function drainQueue(redisUrl: string, redisPrefix: string, queueName: string): Promise<void> {
  const connection = createRedis(redisUrl);
  const queue = createMessageQueue<TMessageJob>({ name: queueName, prefix: redisPrefix, connection });
  try {
    await queue.drain(true);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
