import { AppError } from '../../infra/app-error.js';
import type { Db } from '../../infra/db.js';
import { generateApiKey } from './api-key-secret.js';
import { API_KEY_VIEW_SELECT, toApiKeyView, type TApiKeyView } from './api-key-view.js';

/**
 * Creates a named key for the creator's workspace and answers it with the key itself: the
 * only time it is ever shown, since only its hash is kept.
 * @throws AppError forbidden when the role asked for is above the creator's.
 */
export async function createApiKey(
  db: Db,
  creator: { workspaceId: string; userId: string; role: 'admin' | 'member' },
  input: { name: string; role: 'admin' | 'member' },
): Promise<{ apiKey: TApiKeyView; key: string }> {
  if (input.role === 'admin' && creator.role !== 'admin') {
    throw new AppError('forbidden', "An API key's role cannot be above its creator's.", { path: 'role' });
  }
  const { key, keyHash, prefix } = generateApiKey();
  const row = await db.apiKey.create({
    data: {
      workspaceId: creator.workspaceId,
      userId: creator.userId,
      name: input.name,
      role: input.role,
      keyHash,
      prefix,
    },
    select: API_KEY_VIEW_SELECT,
  });
  return { apiKey: toApiKeyView(row), key };
}
