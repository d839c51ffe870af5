import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Passwords users may choose; the upper bound keeps hashing cost and input size predictable. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

// scrypt's cost parameters: 2^15 x 8 is 32 MiB and ~50-100 ms per hash, which is what
// makes an offline guess as expensive as an online one.
const SCRYPT_N = 2 ** 15;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 64;

// Bounds on parameters read back from a stored hash, so a corrupt row cannot ask for
// gigabytes of memory or a zero-length comparison.
const MAX_STORED_N = 2 ** 20;
const MAX_STORED_R = 32;
const MAX_STORED_P = 16;

interface TScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Memory scrypt needs is 128·N·r bytes; Node's default cap (32 MiB) is exactly that for our cost, so allow double. */
function scryptOptions({ N, r, p }: TScryptParams): ScryptOptions {
  return { N, r, p, maxmem: 256 * N * r };
}

function deriveKey(password: string, salt: Buffer, keyBytes: number, params: TScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyBytes, scryptOptions(params), (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a password as `scrypt$N$r$p$saltB64$hashB64`. The password is NFKC-normalised
 * first, so the same characters typed on different keyboards give the same hash.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const params = { N: SCRYPT_N, r: SCRYPT_R, p: SCRYPT_P };
  const key = await deriveKey(password, salt, KEY_BYTES, params);
  return ['scrypt', SCRYPT_N, SCRYPT_R, SCRYPT_P, salt.toString('base64'), key.toString('base64')].join('$');
}

const POSITIVE_INT = /^[1-9][0-9]{0,9}$/;

interface TStoredHash extends TScryptParams {
  salt: Buffer;
  key: Buffer;
}

function parseStoredHash(stored: string): TStoredHash | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length > 0 || salt === undefined || key === undefined) return undefined;
  if (![n, r, p].every((value) => value !== undefined && POSITIVE_INT.test(value))) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || params.N > MAX_STORED_N || params.r > MAX_STORED_R || params.p > MAX_STORED_P) return undefined;
  const parsed = { ...params, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
  if (parsed.salt.length < SALT_BYTES || parsed.key.length < 32 || parsed.key.length > 128) return undefined;
  return parsed;
}

/**
 * True when `password` matches `stored`, compared in constant time. A malformed stored
 * hash never matches. Parameters come from the stored hash, so hashes made with older
 * costs keep verifying after the constants change.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (parsed === undefined) return false;
  const key = await deriveKey(password, parsed.salt, parsed.key.length, parsed);
  return timingSafeEqual(key, parsed.key);
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password, made once per process. Login verifies against it when no
 * user has the email, so an unknown email costs the same time as a wrong password.
 */
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64'));
  return dummyHash;
}
