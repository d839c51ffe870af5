import type { Db } from '../../infra/db.js';
import { storedAs } from '../../infra/stored-json.js';
import type { TStoredSendPolicy } from '../journeys/journey-view.js';

/** A workspace as the API shows it: its send policy and the numbers it sends from, by channel. */
export async function getWorkspace(db: Db, workspaceId: string) {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    include: { senders: { select: { channel: true, address: true } } },
  });
  const senders = Object.fromEntries(workspace.senders.map((s) => [s.channel, s.address]));
  return {
    workspace: {
      id: workspace.id,
      name: workspace.name,
      sendPolicy: storedAs<TStoredSendPolicy>(workspace.sendPolicy),
      senders,
    },
  };
}
