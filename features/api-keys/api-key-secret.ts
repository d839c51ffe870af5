import { createHash, randomBytes } from 'node:crypto';

/** What every key starts with, so it is told from a session token (and found by secret scanners). */
export const API_KEY_PREFIX = 'ick_';

/** How much of the key is kept in clear to tell keys apart: the prefix and 8 characters. */
const SHOWN_LENGTH = API_KEY_PREFIX.length + 8;

/** True when `token` is shaped like one of our API keys (not whether it is one). */
export function isApiKeyToken(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/**
 * The stored form of a key. A plain SHA-256 rather than a slow password hash: the key is
 * 32 random bytes (256 bits), not something a person chose, so no dictionary or brute force
 * reaches it from its hash, and a fast, unsalted hash lets each request find its key in one
 * unique-index lookup instead of trying a slow hash against every key.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A new key (`ick_` + 32 random bytes in base64url), its hash and the part shown in lists. */
export function generateApiKey(): { key: string; keyHash: string; prefix: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, keyHash: hashApiKey(key), prefix: key.slice(0, SHOWN_LENGTH) };
}
