import type { TJourney } from '../../core/journey/schema.js';
import { Prisma } from '../../infra/db.js';
import { conflictOnDuplicate } from '../../infra/unique-violation.js';

/**
 * Freezes a journey, as checked (validateJourney's output, so the same journey always freezes
 * the same way), into its next immutable version, or answers the latest one when nothing
 * changed. Called by a save of a journey without problems, by a launch, and by a migration.
 * Versions are never changed nor deleted with the journey alive: runs and moved contacts
 * point at them.
 * @throws AppError conflict when another save froze the same version number meanwhile.
 */
export async function freezeJourneyVersion(
  tx: Prisma.TransactionClient,
  owner: { workspaceId: string; journeyId: string },
  journey: TJourney,
): Promise<Prisma.JourneyVersionModel> {
  const latest = await tx.journeyVersion.findFirst({
    where: { journeyId: owner.journeyId },
    orderBy: { version: 'desc' },
  });
  const sendPolicy = journey.sendPolicy ?? {};
  const goal = journey.goal ?? null;
  // Compared with sorted keys: Postgres keeps jsonb keys in its own order, not the one written.
  const unchanged =
    latest &&
    canonical([latest.name, latest.nodes, latest.edges, latest.sendPolicy, latest.goal]) ===
      canonical([journey.name, journey.nodes, journey.edges, sendPolicy, goal]);
  if (unchanged) return latest;
  return conflictOnDuplicate('The journey changed while saving: reload it and try again.', () =>
    tx.journeyVersion.create({
      data: {
        journeyId: owner.journeyId,
        workspaceId: owner.workspaceId,
        version: (latest?.version ?? 0) + 1,
        name: journey.name,
        nodes: journey.nodes,
        edges: journey.edges,
        sendPolicy,
        goal: goal ?? Prisma.DbNull,
      },
    }),
  );
}

/** JSON of `value` with every object's keys sorted, so equal content gives equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
