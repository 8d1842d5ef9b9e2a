/**
 * Where validated tokens are remembered (keystonemiddleware's token cache):
 * in this process by default, or in memcached when `memcached_servers` is
 * set and answers, so that several API processes share validations. Keys are
 * SHA-256 digests of the token, never the token itself.
 */
import type { AccessInfo } from './access-info.js';

/** A cached answer: the access, or null for a token Keystone refused; `until` is ms since the epoch. */
export interface TokenCacheEntry {
  readonly access: AccessInfo | null;
  readonly until: number;
}

export interface TokenCache {
  /** The entry, or undefined when absent (expired entries may be returned; the caller checks `until`). */
  get(key: string): TokenCacheEntry | undefined | Promise<TokenCacheEntry | undefined>;
  set(key: string, entry: TokenCacheEntry): void | Promise<void>;
  delete(key: string): void | Promise<void>;
  clear(): void;
  close?(): Promise<void>;
}

/** The in-process cache: a Map that forgets its oldest entries past `max`. */
export class InProcessTokenCache implements TokenCache {
  readonly #map = new Map<string, TokenCacheEntry>();
  constructor(private readonly max = 10_000) {}

  get(key: string): TokenCacheEntry | undefined {
    return this.#map.get(key);
  }

  set(key: string, entry: TokenCacheEntry): void {
    this.#map.set(key, entry);
    for (const oldest of this.#map.keys()) {
      if (this.#map.size <= this.max) break;
      this.#map.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
  }
}
