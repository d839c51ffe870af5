import type { TSendPolicyLayer } from '../../core/index.js';
import type { Db } from '../../infra/db.js';
import { getWorkspace } from './get-workspace.js';

/**
 * Replaces the workspace's layer of the send policy (journeys override it field by field).
 * It applies to contacts started after the change: running ones keep their snapshot.
 */
export async function setSendPolicy(db: Db, workspaceId: string, sendPolicy: TSendPolicyLayer) {
  await db.workspace.update({ where: { id: workspaceId }, data: { sendPolicy } });
  return getWorkspace(db, workspaceId);
}
