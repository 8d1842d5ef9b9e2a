/**
 * keystonemiddleware's auth_token, minus the WSGI: the service authenticates
 * itself from `[keystone_authtoken]`, then asks Keystone about each user
 * token (GET /v3/auth/tokens with its own token in X-Auth-Token and the
 * user's in X-Subject-Token). Answers, good and bad, are cached for
 * `token_cache_time` seconds but never past the token's expiry (in memcached
 * when `memcached_servers` is set, else in this process); so, as with
 * keystonemiddleware, a revoked token keeps working until its entry ages out.
 * Without service credentials (the all-in-one) a token validates itself:
 * Keystone lets a token's subject validate it.
 */
import { createHash } from 'node:crypto';
import { type Logger, type NovaConfig, ServiceUnavailable, silentLogger } from '@novats/core';
import { type AccessInfo, parseAccessInfo } from './access-info.js';
import type { AuthPlugin } from './auth-plugin.js';
import { AuthMissingOption, InvalidUserToken } from './identity-errors.js';
import { identityV3Url, keystoneRequest } from './keystone-http.js';
import { MemcachedTokenCache } from './memcached-token-cache.js';
import { onTokensRevoked } from './revocation-feed.js';
import { authPluginFromConfig } from './session-from-config.js';
import { InProcessTokenCache, type TokenCache } from './token-cache.js';

export interface TokenValidatorOptions {
  /** `[keystone_authtoken] auth_url`: where tokens are validated (`/v3` appended when unversioned). */
  readonly authUrl: string;
  /** `www_authenticate_uri` (old name `auth_uri`), sent back in the 401 challenge; default authUrl. */
  readonly wwwAuthenticateUri?: string | null;
  /** The service's own credentials; absent: each token is validated with itself. */
  readonly service?: AuthPlugin;
  /** `token_cache_time` in seconds (default 300; 0 or less disables the cache). */
  readonly cacheTimeSeconds?: number;
  /** Entries kept at most in the in-process cache (the oldest go first; default 10000). */
  readonly maxCacheEntries?: number;
  /** Replaces the in-process cache (memcached). */
  readonly cache?: TokenCache;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

const REQUIRES_AUTH = 'The request you have made requires authentication.';

export class KeystoneTokenValidator {
  /** The `WWW-Authenticate` header value of a 401: `Keystone uri="..."`. */
  readonly wwwAuthenticate: string;
  readonly #url: string;
  readonly #opts: TokenValidatorOptions;
  readonly #cache: TokenCache;
  readonly #unsubscribe: () => void;

  constructor(opts: TokenValidatorOptions) {
    this.#opts = opts;
    this.#url = `${identityV3Url(opts.authUrl, 'keystone_authtoken')}/auth/tokens`;
    this.wwwAuthenticate = `Keystone uri="${opts.wwwAuthenticateUri || opts.authUrl}"`;
    this.#cache = opts.cache ?? new InProcessTokenCache(opts.maxCacheEntries ?? 10_000);
    this.#unsubscribe = onTokensRevoked(opts.authUrl, () => this.#cache.clear());
  }

  /**
   * The access of a valid, unexpired user token. Throws InvalidUserToken (401)
   * for a missing, unknown, expired or revoked token, KeystoneUnreachable or
   * ServiceUnavailable (503) when Keystone cannot say.
   */
  async validate(userToken: string | undefined): Promise<AccessInfo> {
    if (!userToken) throw this.#invalid(REQUIRES_AUTH);
    const now = (this.#opts.now ?? Date.now)();
    const key = createHash('sha256').update(userToken).digest('hex');
    const cached = this.#cache.get(key);
    const hit = cached instanceof Promise ? await cached : cached;
    if (hit && hit.until > now) return this.#accept(hit.access, now);
    const access = await this.#ask(userToken);
    await this.#remember(key, access, now);
    return this.#accept(access, now);
  }

  /** Forgets every cached answer (tests, or after a revocation event). */
  clearCache(): void {
    this.#cache.clear();
  }

  /** Releases the cache's connections. */
  async close(): Promise<void> {
    this.#unsubscribe();
    await this.#cache.close?.();
  }

  #accept(access: AccessInfo | null, now: number): AccessInfo {
    if (!access) throw this.#invalid(REQUIRES_AUTH);
    if (access.expiresAt !== null && access.expiresAt <= now) {
      throw this.#invalid(REQUIRES_AUTH);
    }
    return access;
  }

  async #ask(userToken: string): Promise<AccessInfo | null> {
    const service = this.#opts.service;
    for (let attempt = 0; ; attempt++) {
      const serviceToken = service ? await service.getToken() : userToken;
      const reply = await keystoneRequest({
        method: 'GET',
        url: this.#url,
        headers: { 'x-auth-token': serviceToken, 'x-subject-token': userToken },
        option: '[keystone_authtoken] auth_url',
        timeoutMs: this.#opts.timeoutMs ?? 30_000,
      });
      if (reply.status === 200) return parseAccessInfo(userToken, reply.body) ?? null;
      if (reply.status === 404) return null;
      // NOTE(self): validating a token with itself, a 401 or 403 means that token is not (or no longer) good.
      if (!service && (reply.status === 401 || reply.status === 403)) return null;
      // NOTE(keystonemiddleware): a 401 here is about our own token (expired early, revoked): renew once.
      if (service && reply.status === 401 && attempt === 0) {
        service.invalidate(serviceToken);
        continue;
      }
      throw new ServiceUnavailable(
        `Keystone at ${this.#url} answered HTTP ${reply.status} while validating a token`,
      );
    }
  }

  async #remember(key: string, access: AccessInfo | null, now: number): Promise<void> {
    const ttl = (this.#opts.cacheTimeSeconds ?? 300) * 1000;
    if (ttl <= 0) return;
    const until = Math.min(now + ttl, access?.expiresAt ?? Number.POSITIVE_INFINITY);
    await this.#cache.set(key, { access, until });
  }

  #invalid(message: string): InvalidUserToken {
    return new InvalidUserToken(message, this.wwwAuthenticate);
  }
}

export interface TokenValidatorFromConfigOptions {
  readonly timeoutMs?: number;
  readonly now?: () => number;
  /** Receives keystonemiddleware's warnings (deprecated auth_uri, unreachable memcached). */
  readonly log?: Logger;
}

/** The validator described by `[keystone_authtoken]`; throws AuthMissingOption when auth_url is unset. */
export function tokenValidatorFromConfig(
  conf: NovaConfig,
  opts: TokenValidatorFromConfigOptions = {},
): KeystoneTokenValidator {
  const authUrl = conf.getString('keystone_authtoken', 'auth_url');
  const service = authPluginFromConfig(conf, 'keystone_authtoken', opts);
  if (!authUrl) throw new AuthMissingOption('keystone_authtoken', service.name, ['auth_url']);
  const log = opts.log ?? silentLogger;
  if (
    conf.keys('keystone_authtoken').includes('auth_uri') &&
    !conf.keys('keystone_authtoken').includes('www_authenticate_uri')
  ) {
    log.warning(
      'The auth_uri option is deprecated in favor of www_authenticate_uri and will be removed in the S release.',
    );
  }
  const memcached = conf.get('keystone_authtoken', 'memcached_servers') ?? [];
  return new KeystoneTokenValidator({
    authUrl,
    wwwAuthenticateUri: conf.getString('keystone_authtoken', 'www_authenticate_uri') ?? null,
    service,
    cache: memcached.length > 0 ? new MemcachedTokenCache(memcached, log, opts.now) : undefined,
    cacheTimeSeconds: conf.get('keystone_authtoken', 'token_cache_time'),
    timeoutMs: opts.timeoutMs,
    now: opts.now,
  });
}
