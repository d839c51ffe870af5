import { z } from 'zod';
import { ZDisplayName, ZTimestamp, ZUuid } from './common.js';

const ZKeyRole = z.enum(['admin', 'member']);

export const ZCreateApiKey = z.object({
  name: ZDisplayName.describe('What the key is for, e.g. the integration that uses it.'),
  role: ZKeyRole.default('member').describe("What the key may do; never above its creator's role."),
});

export const ZApiKey = z
  .object({
    id: ZUuid,
    name: z.string(),
    role: ZKeyRole.describe("Acts at this role, or at its creator's if that is lower now."),
    prefix: z
      .string()
      .describe('The first characters of the key, to tell keys apart; the key itself is never shown again.'),
    createdAt: ZTimestamp,
    lastUsedAt: ZTimestamp.nullable().describe('Updated at most once a minute.'),
    createdBy: z
      .object({ id: ZUuid, email: z.string() })
      .describe('The key acts as this user; it is revoked when they are removed.'),
  })
  .meta({ id: 'ApiKey' });

export const ZApiKeyList = z.object({ items: z.array(ZApiKey) });

export const ZCreatedApiKey = z.object({
  apiKey: ZApiKey,
  key: z
    .string()
    .describe('The key, shown this once: send it as `Authorization: Bearer ick_...`. Only its hash is stored.'),
});
