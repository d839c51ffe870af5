import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { TConfig } from '../../infra/config.js';

/** How long a session token is valid. There is no refresh: the user signs in again. */
export const SESSION_TTL_SECONDS = 24 * 60 * 60;

const ALGORITHM = 'HS256';

/** Who a session token speaks for. Mirrors `TAuth` in api/env.ts. */
export interface TSession {
  userId: string;
  workspaceId: string;
  role: 'admin' | 'member';
  email: string;
}

export type TTokenConfig = Pick<TConfig, 'JWT_SECRET' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>;

export type TVerifyResult = { ok: true; session: TSession } | { ok: false; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// jwtVerify checks signature, alg, exp, iss and aud; this checks what only we know about.
const ZSessionClaims = z.object({
  sub: z.string().regex(UUID),
  wid: z.string().regex(UUID),
  role: z.enum(['admin', 'member']),
  email: z.string().min(1).max(320),
});

function signingKey(config: TTokenConfig): Uint8Array {
  return new TextEncoder().encode(config.JWT_SECRET);
}

/** Signs an HS256 session token (sub, wid, role, email) valid for 24 hours from `now`. */
export async function signSessionToken(
  config: TTokenConfig,
  session: TSession,
  now: Date = new Date(),
): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ wid: session.workspaceId, role: session.role, email: session.email })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(session.userId)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_TTL_SECONDS)
    .sign(signingKey(config));
}

// Short, caller-safe reasons: enough to debug a client, nothing about the key or claims' values.
function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim "${error.claim}" invalid`;
  if (error instanceof errors.JOSEError) return 'token malformed';
  throw error;
}

/**
 * Verifies a session token: HS256 only (so `alg: none` and key-confusion tricks fail),
 * our issuer and audience, an unexpired `exp`, and well-formed session claims.
 */
export async function verifySessionToken(config: TTokenConfig, token: string): Promise<TVerifyResult> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, signingKey(config), {
      algorithms: [ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (error) {
    return { ok: false, reason: describeFailure(error) };
  }
  const claims = ZSessionClaims.safeParse(payload);
  if (!claims.success) return { ok: false, reason: 'token claims malformed' };
  const { sub, wid, role, email } = claims.data;
  return { ok: true, session: { userId: sub, workspaceId: wid, role, email } };
}
