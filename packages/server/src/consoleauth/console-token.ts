/**
 * Console tokens: a random uuid4 handed to the user once, stored only as
 * its sha256 (Nova's `ConsoleAuthToken.authorize`), and compared in
 * constant time. Nothing here logs or returns a token except `authorize`.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';

/** A new token, as Nova makes them (uuid4). */
export function newConsoleToken(): string {
  return randomUUID();
}

/** Hex sha256 of a token: what `console_auth_tokens.token_hash` holds. */
export function hashConsoleToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `token` hashes to `tokenHash`, compared in constant time. */
export function tokenMatchesHash(token: string, tokenHash: string): boolean {
  const computed = Buffer.from(hashConsoleToken(token), 'hex');
  const stored = Buffer.from(tokenHash, 'hex');
  return stored.length === computed.length && timingSafeEqual(computed, stored);
}
