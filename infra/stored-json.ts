import type { Prisma } from './db.js';

/**
 * A JSON column read back as the type it was validated as before it was written. Prisma
 * types every JSON column as any JSON; each of ours only ever holds what one schema let
 * through, so the view that reads it says which, and the API's answer types can hold.
 */
export function storedAs<T>(value: Prisma.JsonValue): T {
  return value as T;
}
