import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { isId } from '../../infra/owned-id.js';
import type { Prisma } from '../../prisma/generated/client.js';
import { loadJourney } from './load-journey.js';

/** A send not yet decided: its contact (or its retry) still needs the run's rows. */
const UNFINISHED_SEND = {
  status: { in: ['pending', 'queued', 'sending', 'deferred'] },
  twilioSid: null,
} satisfies Prisma.MessageLogWhereInput;

/**
 * Deletes a journey with its runs, unless one of its runs is still in flight: queued or
 * running, or stopped or finished but with contacts that have not ended yet (a stop reaches
 * each contact's workflow in its own time, and a retrying contact writes to its row) or
 * sends still queued (the message worker mirrors their outcome into the contact and run).
 * Deleting would cascade to the rows they write to. The check and the delete are one
 * statement, so a journey is never deleted from under a contact found live.
 * @throws AppError not_found for another workspace's journey; conflict while a run is in flight.
 */
export async function deleteJourney(db: Db, workspaceId: string, id: string): Promise<void> {
  const inFlight = {
    OR: [
      { status: { in: ['queued', 'running'] } },
      { contacts: { some: { endedAt: null } } },
      { messageLogs: { some: UNFINISHED_SEND } },
    ],
  } satisfies Prisma.RunWhereInput;
  const { count } = isId(id)
    ? await db.journey.deleteMany({ where: { id, workspaceId, runs: { none: inFlight } } })
    : { count: 0 };
  if (count > 0) return;
  // Nothing deleted: either it is not the workspace's (404) or a run is in flight (409).
  await loadJourney(db, workspaceId, id);
  const [runs, liveContacts, unfinishedSends] = await Promise.all([
    db.run.count({ where: { journeyId: id, workspaceId, ...inFlight } }),
    db.contact.count({ where: { endedAt: null, run: { journeyId: id, workspaceId } } }),
    db.messageLog.count({ where: { ...UNFINISHED_SEND, workspaceId, run: { journeyId: id } } }),
  ]);
  throw new AppError(
    'conflict',
    `The journey has ${plural(runs, 'run')} in progress, with ${plural(liveContacts, 'live contact')} and ${plural(unfinishedSends, 'unfinished send')}: stop its runs and wait for their contacts to end, or archive the journey instead.`,
    { runs, liveContacts, unfinishedSends },
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
