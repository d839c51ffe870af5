import type { Db } from '../../infra/db.js';
import type { TSession } from '../auth/tokens.js';
import { hashApiKey, isApiKeyToken } from './api-key-secret.js';

/** Writing lastUsedAt on every request would make each read a write; once a minute says enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Who an API key speaks for: its creator, at the lower of the key's role and theirs. */
export type TApiKeySession = TSession & { apiKeyId: string };

/**
 * The session an API key opens, or undefined for anything that is not a current key. One
 * unique-index lookup (with the creator's row); lastUsedAt is written only when it is more
 * than a minute old, and only by a request that still sees it old.
 */
export async function authenticateApiKey(
  db: Pick<Db, 'apiKey'>,
  token: string,
  now: Date = new Date(),
): Promise<TApiKeySession | undefined> {
  if (!isApiKeyToken(token)) return undefined;
  const key = await db.apiKey.findUnique({
    where: { keyHash: hashApiKey(token) },
    select: {
      id: true,
      workspaceId: true,
      role: true,
      lastUsedAt: true,
      user: { select: { id: true, workspaceId: true, role: true, email: true } },
    },
  });
  if (!key || key.user.workspaceId !== key.workspaceId) return undefined;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (key.lastUsedAt === null || key.lastUsedAt < staleBefore) {
    await db.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  // A key made by an admin who was since made a member acts as a member.
  const role = key.role === 'admin' && key.user.role === 'admin' ? 'admin' : 'member';
  return { userId: key.user.id, workspaceId: key.workspaceId, role, email: key.user.email, apiKeyId: key.id };
}
