import type { ContactState, Db, RunStatus } from '../../infra/db.js';
import { uniqueName } from './context.js';

/**
 * A run of one contact for `phone` in `workspaceId`, with the user, journey and version its
 * rows point at, written straight to Postgres: for send-path tests that need a run's and a
 * contact's rows without launching a journey (the version's graph is empty, never read).
 */
export async function runOfOne(
  db: Db,
  workspaceId: string,
  phone: string,
  options: {
    name?: string;
    runStatus?: RunStatus;
    contact?: { vars?: Record<string, string>; state?: ContactState; cursor?: string };
  } = {},
) {
  const name = options.name ?? uniqueName('run');
  const user = await db.user.create({
    data: { workspaceId, email: `${uniqueName('u')}@example.com`, passwordHash: 'x', name: 'Ops' },
  });
  const journey = await db.journey.create({ data: { workspaceId, userId: user.id, name } });
  const version = await db.journeyVersion.create({
    data: { journeyId: journey.id, workspaceId, version: 1, name, nodes: [], edges: [] },
  });
  const run = await db.run.create({
    data: {
      workspaceId,
      userId: user.id,
      journeyId: journey.id,
      journeyVersionId: version.id,
      journeyName: name,
      total: 1,
      ...(options.runStatus ? { status: options.runStatus } : {}),
    },
  });
  const { vars = {}, ...contactState } = options.contact ?? {};
  const contact = await db.contact.create({ data: { runId: run.id, workspaceId, phone, vars, ...contactState } });
  return { journey, run, contact };
}
