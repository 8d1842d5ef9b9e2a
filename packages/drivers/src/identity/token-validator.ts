/**
 * keystonemiddleware's auth_token, minus the WSGI: the service authenticates
 * itself from `[keystone_authtoken]`, then asks Keystone about each user
 * token (GET /v3/auth/tokens with its own token in X-Auth-Token and the
 * user's in X-Subject-Token). Answers, good and bad, are cached for
 * `token_cache_time` seconds but never past the token's expiry; so, as with
 * keystonemiddleware, a revoked token keeps working until its entry ages out.
 */
import { createHash } from 'node:crypto';
import { type NovaConfig, ServiceUnavailable } from '@novats/core';
import { type AccessInfo, parseAccessInfo } from './access-info.js';
import type { AuthPlugin } from './auth-plugin.js';
import { AuthMissingOption, InvalidUserToken } from './identity-errors.js';
import { identityV3Url, keystoneRequest } from './keystone-http.js';
import { authPluginFromConfig } from './session-from-config.js';

export interface TokenValidatorOptions {
  /** `[keystone_authtoken] auth_url`: where tokens are validated (`/v3` appended when unversioned). */
  readonly authUrl: string;
  /** `www_authenticate_uri` (old name `auth_uri`), sent back in the 401 challenge; default authUrl. */
  readonly wwwAuthenticateUri?: string | null;
  /** The service's own credentials. */
  readonly service: AuthPlugin;
  /** `token_cache_time` in seconds (default 300; 0 or less disables the cache). */
  readonly cacheTimeSeconds?: number;
  /** Entries kept at most (the oldest go first; default 10000). */
  readonly maxCacheEntries?: number;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

type CacheEntry = { readonly access: AccessInfo | null; readonly until: number };

const REQUIRES_AUTH = 'The request you have made requires authentication.';

export class KeystoneTokenValidator {
  /** The `WWW-Authenticate` header value of a 401: `Keystone uri="..."`. */
  readonly wwwAuthenticate: string;
  readonly #url: string;
  readonly #opts: TokenValidatorOptions;
  readonly #cache = new Map<string, CacheEntry>();

  constructor(opts: TokenValidatorOptions) {
    this.#opts = opts;
    this.#url = `${identityV3Url(opts.authUrl, 'keystone_authtoken')}/auth/tokens`;
    this.wwwAuthenticate = `Keystone uri="${opts.wwwAuthenticateUri || opts.authUrl}"`;
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
    const hit = this.#cache.get(key);
    if (hit && hit.until > now) return this.#accept(hit.access, now);
    if (hit) this.#cache.delete(key);
    const access = await this.#ask(userToken);
    this.#remember(key, access, now);
    return this.#accept(access, now);
  }

  /** Forgets every cached answer (tests, or after a revocation event). */
  clearCache(): void {
    this.#cache.clear();
  }

  #accept(access: AccessInfo | null, now: number): AccessInfo {
    if (!access) throw this.#invalid(`${REQUIRES_AUTH} (token is not valid)`);
    if (access.expiresAt !== null && access.expiresAt <= now) {
      throw this.#invalid(`${REQUIRES_AUTH} (token has expired)`);
    }
    return access;
  }

  async #ask(userToken: string): Promise<AccessInfo | null> {
    for (let attempt = 0; ; attempt++) {
      const serviceToken = await this.#opts.service.getToken();
      const reply = await keystoneRequest({
        method: 'GET',
        url: this.#url,
        headers: { 'x-auth-token': serviceToken, 'x-subject-token': userToken },
        option: '[keystone_authtoken] auth_url',
        timeoutMs: this.#opts.timeoutMs ?? 30_000,
      });
      if (reply.status === 200) return parseAccessInfo(userToken, reply.body) ?? null;
      if (reply.status === 404) return null;
      // NOTE(keystonemiddleware): a 401 here is about our own token (expired early, revoked): renew once.
      if (reply.status === 401 && attempt === 0) {
        this.#opts.service.invalidate(serviceToken);
        continue;
      }
      throw new ServiceUnavailable(
        `Keystone at ${this.#url} answered HTTP ${reply.status} while validating a token`,
      );
    }
  }

  #remember(key: string, access: AccessInfo | null, now: number): void {
    const ttl = (this.#opts.cacheTimeSeconds ?? 300) * 1000;
    if (ttl <= 0) return;
    const until = Math.min(now + ttl, access?.expiresAt ?? Number.POSITIVE_INFINITY);
    this.#cache.set(key, { access, until });
    const max = this.#opts.maxCacheEntries ?? 10_000;
    for (const oldest of this.#cache.keys()) {
      if (this.#cache.size <= max) break;
      this.#cache.delete(oldest);
    }
  }

  #invalid(message: string): InvalidUserToken {
    return new InvalidUserToken(message, this.wwwAuthenticate);
  }
}

export interface TokenValidatorFromConfigOptions {
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

/** The validator described by `[keystone_authtoken]`; throws AuthMissingOption when auth_url is unset. */
export function tokenValidatorFromConfig(
  conf: NovaConfig,
  opts: TokenValidatorFromConfigOptions = {},
): KeystoneTokenValidator {
  const authUrl = conf.getString('keystone_authtoken', 'auth_url');
  const service = authPluginFromConfig(conf, 'keystone_authtoken', opts);
  if (!authUrl) throw new AuthMissingOption('keystone_authtoken', service.name, ['auth_url']);
  return new KeystoneTokenValidator({
    authUrl,
    wwwAuthenticateUri: conf.getString('keystone_authtoken', 'www_authenticate_uri') ?? null,
    service,
    cacheTimeSeconds: conf.get('keystone_authtoken', 'token_cache_time'),
    timeoutMs: opts.timeoutMs,
    now: opts.now,
  });
}
