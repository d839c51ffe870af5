import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDummyHash, hashPassword, verifyPassword } from './password.js';

describe('hashPassword', () => {
  it('stores scrypt$N$r$p$salt$hash with N=2^15, r=8, p=1, a 16-byte salt and a 64-byte key', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(rest).toEqual([]);
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(64);
    expect(stored).not.toContain('correct horse');
  });

  it('salts every hash: the same password hashes differently twice', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });
});

describe('verifyPassword', () => {
  it('accepts the password and refuses any other, including one character off', async () => {
    const stored = await hashPassword('s3cret-password');
    expect(await verifyPassword('s3cret-password', stored)).toBe(true);
    expect(await verifyPassword('s3cret-passwore', stored)).toBe(false);
    expect(await verifyPassword('S3cret-password', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats compatibility-equivalent Unicode as the same password (NFKC)', async () => {
    const stored = await hashPassword('ﬁnancial-2024'); // U+FB01 LATIN SMALL LIGATURE FI
    expect(await verifyPassword('financial-2024', stored)).toBe(true);
  });

  it('verifies hashes made with other cost parameters, read from the stored string', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('older-password', salt, 64, { N: 2 ** 14, r: 8, p: 1 });
    const stored = `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('older-password', stored)).toBe(true);
    expect(await verifyPassword('other-password', stored)).toBe(false);
  });

  it('refuses, without throwing, stored hashes that are malformed or ask for absurd costs', async () => {
    const good = await hashPassword('whatever-pass');
    const [, , , , salt, key] = good.split('$');
    const malformed = [
      '',
      'plaintext',
      'scrypt$x',
      '$2b$10$abcdefghijklmnopqrstuv',
      `bcrypt$32768$8$1$${salt}$${key}`,
      `scrypt$32768$8$1$${salt}$${key}$extra`,
      `scrypt$30000$8$1$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 30}$8$1$${salt}$${key}`, // gigabytes of memory
      `scrypt$32768$0$1$${salt}$${key}`,
      `scrypt$32768$8$1$${salt}$${Buffer.alloc(8).toString('base64')}`, // key too short to mean anything
      `scrypt$32768$8$1$$${key}`,
    ];
    for (const stored of malformed) expect(await verifyPassword('whatever-pass', stored), stored).toBe(false);
  });
});

describe('getDummyHash', () => {
  it('is one well-formed hash per process that no guessable password matches', async () => {
    const dummy = await getDummyHash();
    expect(await getDummyHash()).toBe(dummy);
    expect(dummy).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('password', dummy)).toBe(false);
  });
});
