/**
 * Revocations announced inside one process: the all-in-one's embedded
 * identity service tells the validators of the APIs in the same process
 * that tokens were revoked, so that they drop their caches at once instead
 * of after `token_cache_time` (what keystonemiddleware does against a
 * remote Keystone, and still does here for validators in other processes).
 */
const listeners = new Map<string, Set<() => void>>();

const keyOf = (url: string) => url.replace(/\/+$/, '').replace(/\/v3$/, '');

/** Calls `fn` whenever the identity service at `identityUrl` revokes tokens; returns the unsubscribe. */
export function onTokensRevoked(identityUrl: string, fn: () => void): () => void {
  const key = keyOf(identityUrl);
  const set = listeners.get(key) ?? new Set();
  set.add(fn);
  listeners.set(key, set);
  return () => set.delete(fn);
}

export function announceTokensRevoked(identityUrl: string): void {
  for (const fn of listeners.get(keyOf(identityUrl)) ?? []) fn();
}
