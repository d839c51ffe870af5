import type { Db } from '../../infra/db.js';
import { conflictOnDuplicate } from '../../infra/unique-violation.js';
import { getWorkspace } from './get-workspace.js';

/** Per channel: a number to send from, null for the deployment's default sender, absent to keep it. */
export interface TSenders {
  sms?: string | null | undefined;
  whatsapp?: string | null | undefined;
}

/**
 * Sets the numbers the workspace sends from, in one transaction. A number belongs to one
 * workspace, so replies and STOPs to it reach that workspace only.
 * @throws AppError conflict when a number already belongs to another workspace.
 */
export async function setSenders(db: Db, workspaceId: string, input: TSenders) {
  await conflictOnDuplicate('That number already belongs to another workspace.', () =>
    db.$transaction(async (tx) => {
      for (const channel of ['sms', 'whatsapp'] as const) {
        const address = input[channel];
        if (address === undefined) continue;
        if (address === null) await tx.workspaceSender.deleteMany({ where: { workspaceId, channel } });
        else
          await tx.workspaceSender.upsert({
            where: { workspaceId_channel: { workspaceId, channel } },
            create: { workspaceId, channel, address },
            update: { address },
          });
      }
    }),
  );
  return getWorkspace(db, workspaceId);
}
