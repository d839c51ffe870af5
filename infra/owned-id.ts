import { z } from 'zod';
import { AppError } from './app-error.js';

const ZId = z.uuid();

/** True when `value` can be a row id at all (every id is a UUID). */
export function isId(value: string): boolean {
  return ZId.safeParse(value).success;
}

/**
 * An id from a path, or the same 404 that another workspace's or a missing id gets:
 * a malformed id must not answer differently, or ids could be probed.
 */
export function ownedId(value: string, notFoundMessage: string): string {
  if (!isId(value)) throw new AppError('not_found', notFoundMessage);
  return value;
}
