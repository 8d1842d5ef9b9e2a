/**
 * Creating and finding console authorizations in the cell databases
 * (Nova's `ConsoleAuthToken.authorize` and `validate`). A token is valid
 * while its row exists and has not expired; the row goes when the instance
 * is deleted. Lookups search every cell but cell0, as Nova's
 * `scatter_gather_skip_cell0` does, since only the token is known.
 */
import type { ConsoleAuthTokenRecord, ConsoleAuthTokenRepository } from '@novats/core';
import type { CellRegistry } from '../cells/cell-registry.js';
import { hashConsoleToken, newConsoleToken, tokenMatchesHash } from './console-token.js';

/** What a token is bound to, before it gets its hash and expiry. */
export type ConsoleAuthorizationInput = Omit<ConsoleAuthTokenRecord, 'token_hash' | 'expires'>;

/**
 * Stores a new authorization valid for `ttlSeconds` from `nowMs` and
 * resolves the token: the only time it exists outside the user's hands.
 */
export async function authorizeConsole(
  tokens: ConsoleAuthTokenRepository,
  input: ConsoleAuthorizationInput,
  nowMs: number,
  ttlSeconds: number,
): Promise<string> {
  const token = newConsoleToken();
  await authorizeConsoleWithToken(tokens, token, input, nowMs, ttlSeconds);
  return token;
}

/** Stores an authorization for a token the caller made (nova-consoleauth's `authorize_console`). */
export async function authorizeConsoleWithToken(
  tokens: ConsoleAuthTokenRepository,
  token: string,
  input: ConsoleAuthorizationInput,
  nowMs: number,
  ttlSeconds: number,
): Promise<void> {
  await tokens.create({
    ...input,
    token_hash: hashConsoleToken(token),
    expires: Math.floor(nowMs / 1000) + ttlSeconds,
  });
}

/** The live authorization of `token` in any cell, or null (unknown, expired or revoked). */
export async function findConsoleAuthorization(
  cells: CellRegistry,
  token: string,
  nowMs: number,
): Promise<ConsoleAuthTokenRecord | null> {
  if (token === '') return null;
  const hash = hashConsoleToken(token);
  const now = Math.floor(nowMs / 1000);
  for (const { db } of await cells.all()) {
    const record = await db.consoleAuthTokens.getValid(hash, now);
    // NOTE(security): the database matched by hash; the token is checked against it in constant time too.
    if (record && tokenMatchesHash(token, record.token_hash)) return record;
  }
  return null;
}

/**
 * Removes expired authorizations from every cell (Nova's periodic
 * `_cleanup_expired_console_auth_tokens`); resolves how many went.
 */
export async function purgeExpiredConsoleAuthorizations(cells: CellRegistry, nowMs: number): Promise<number> {
  let removed = 0;
  for (const { db } of await cells.all())
    removed += await db.consoleAuthTokens.deleteExpired(Math.floor(nowMs / 1000));
  return removed;
}
