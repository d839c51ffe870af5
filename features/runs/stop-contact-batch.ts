import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../infra/db.js';
import { contactWorkflowId, stopSignal, type BatchInput, type BatchResult } from '../../workflows/contract/index.js';

/**
 * Stops one batch of a run's contacts that have not ended: started ones get the `stop`
 * signal (their workflows record the end), ones never started are marked stopped here.
 */
export async function stopContactBatch(
  deps: { db: Db; temporal: Client },
  input: BatchInput & { reason: string },
): Promise<BatchResult> {
  const contacts = await deps.db.contact.findMany({
    where: { runId: input.runId, endedAt: null, ...(input.afterContactId ? { id: { gt: input.afterContactId } } : {}) },
    orderBy: { id: 'asc' },
    take: input.limit,
    select: { id: true, state: true },
  });
  const neverStarted = contacts.filter((c) => c.state === 'queued').map((c) => c.id);
  if (neverStarted.length > 0) {
    await deps.db.contact.updateMany({
      where: { id: { in: neverStarted }, endedAt: null },
      data: { state: 'stopped', endedAt: new Date(), error: input.reason },
    });
  }
  await Promise.all(
    contacts
      .filter((c) => c.state !== 'queued')
      .map(async (contact) => {
        try {
          await deps.temporal.workflow
            .getHandle(contactWorkflowId(input.runId, contact.id))
            .signal(stopSignal, { reason: input.reason });
        } catch (error) {
          // Already finished: its own last report ends it in Postgres.
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
      }),
  );
  const lastContactId = contacts.at(-1)?.id;
  return { started: contacts.length, ...(lastContactId ? { lastContactId } : {}), stopped: true };
}
