import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** Where a request came from on the socket; undefined when there is no socket (`app.request()` in tests). */
export type RemoteAddress = (c: Context) => string | undefined;

/** Longest client key kept: an address is at most 45 characters; anything longer is not one. */
const MAX_CLIENT_LENGTH = 64;

/** The socket's remote address as @hono/node-server exposes it; undefined without a Node socket. */
export const socketAddress: RemoteAddress = (c) => {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
};

/**
 * The client a request is counted against. With `trustProxy` = 0 it is the socket's
 * address and X-Forwarded-For is ignored: any client can write that header, so believing
 * it would let one client pose as many. With N trusted proxies in front, each appended the
 * address it saw, so the client is the Nth entry from the right (the socket being the
 * nearest proxy); entries further left are whatever the client sent. Without a socket
 * every request is the one client 'unknown'.
 */
export function clientAddress(c: Context, trustProxy: number, remoteAddress: RemoteAddress = socketAddress): string {
  const socket = remoteAddress(c) || 'unknown';
  if (trustProxy <= 0) return socket.slice(0, MAX_CLIENT_LENGTH);
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  const client = hops[Math.max(hops.length - trustProxy, 0)] ?? socket;
  return client.slice(0, MAX_CLIENT_LENGTH);
}
