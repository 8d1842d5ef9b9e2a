/**
 * Password and secret hashing: scrypt (N=2^14, r=8, p=1, 16-byte salt,
 * 32-byte key) from node:crypto, which runs on libuv's thread pool so that a
 * login does not stall other requests. Stored as
 * `$scrypt$N$r$p$<salt b64>$<hash b64>`; verification reads the parameters
 * back from the string, so they can be raised later without a migration.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** The stored form of a new password. */
export async function hashPassword(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, N, R, P);
  return `$scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `secret` matches a stored hash; false for a malformed one. Constant time in the key. */
export async function verifyPassword(secret: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 7 || parts[1] !== 'scrypt') {
    // NOTE(timing): still spend a KDF so that an unknown user costs what a known one does.
    await derive(secret, Buffer.alloc(16), N, R, P);
    return false;
  }
  const [n, r, p] = [Number(parts[2]), Number(parts[3]), Number(parts[4])];
  const expected = Buffer.from(parts[6], 'base64');
  const key = await derive(secret, Buffer.from(parts[5], 'base64'), n, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** What one hash costs here, for the log line and docs (KDF name and parameters). */
export const KDF_DESCRIPTION = `scrypt N=2^14 r=${R} p=${P}`;
