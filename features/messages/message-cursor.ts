import { isId } from '../../infra/owned-id.js';

/** Where a page of messages starts: the (createdAt, id) keyset of the last row shown. */
export interface TMessageCursor {
  createdAt: Date;
  id: string;
}

/** The opaque cursor of a row: base64url of `${createdAt ISO}|${id}`, the keyset it sorts by. */
export function encodeMessageCursor(row: TMessageCursor): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

/** The keyset in a cursor, or undefined for anything encodeMessageCursor could not have made. */
export function decodeMessageCursor(value: string): TMessageCursor | undefined {
  const [at, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (at === undefined || id === undefined || rest.length > 0 || !isId(id)) return undefined;
  const createdAt = new Date(at);
  // Must re-encode to the same text: Buffer decodes leniently and Date parses loosely.
  if (Number.isNaN(createdAt.getTime()) || encodeMessageCursor({ createdAt, id }) !== value) return undefined;
  return { createdAt, id };
}
