/**
 * The pluggable authentication of our HTTP APIs (`[api] auth_strategy`):
 * `noauth2` keeps each app's built-in development identities; a hook object
 * (Keystone token validation) turns request headers into the caller's
 * RequestContext or throws a 401 NovaError. Every HTTP API (Compute,
 * Placement, Image) takes it as its `authStrategy` option and asks
 * `authForRequest` which of the two applies to each request.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { NovaConfig, RequestContext } from '@novats/core';
import {
  KeystoneTokenValidator,
  type TokenValidatorFromConfigOptions,
  tokenValidatorFromConfig,
} from '@novats/drivers';
import { type KeystoneValidator, keystoneAuth } from './keystone-auth.js';
import { KEYSTONE_TOKEN_PREFIX, keystoneOrNoauth2 } from './keystone-or-noauth2.js';

export interface ApiAuthHook {
  /** The `[api] auth_strategy` this hook implements. */
  readonly strategy: 'keystone';
  /** Sent as `WWW-Authenticate` with every 401 the API answers (keystonemiddleware's challenge). */
  readonly wwwAuthenticate?: string;
  /**
   * Called once per authenticated request, before the handler. Resolves the
   * caller's context; throws a NovaError with status 401 for a missing or bad
   * token, 503 when the identity service cannot answer.
   */
  authenticate(headers: IncomingHttpHeaders, requestId: string): Promise<RequestContext>;
  /**
   * The all-in-one's mix: a token that is not the embedded identity
   * service's is the API's noauth2 token (see keystone-or-noauth2.ts).
   */
  readonly alsoNoauth2?: boolean;
}

/**
 * Which authentication applies to this request: `noauth2` (the app's own
 * noauth2 rules) or the hook, whose `authenticate` then gives the context.
 */
export function authForRequest(auth: ApiAuth, headers: IncomingHttpHeaders): 'noauth2' | ApiAuthHook {
  if (auth === 'noauth2' || !auth.alsoNoauth2) return auth;
  const token = headers['x-auth-token'];
  const value = Array.isArray(token) ? token[0] : token;
  return value?.startsWith(KEYSTONE_TOKEN_PREFIX) ? auth : 'noauth2';
}

/** What `createComputeApp` / `createPlacementApp` accept as `authStrategy` (default `noauth2`). */
export type ApiAuth = 'noauth2' | ApiAuthHook;

export interface AuthStrategyFromConfigOptions extends TokenValidatorFromConfigOptions {
  /** Replaces the validator built from `[keystone_authtoken]` (tests, shared validators). */
  readonly validator?: KeystoneValidator;
}

/**
 * The hook `[api] auth_strategy` asks for: `noauth2`, or Keystone validation
 * configured by `[keystone_authtoken]` (throws AuthMissingOption naming the
 * missing options). Building it makes no request; Keystone is first asked on
 * the first API request.
 */
export function authStrategyFromConfig(conf: NovaConfig, opts: AuthStrategyFromConfigOptions = {}): ApiAuth {
  if (conf.get('api', 'auth_strategy') === 'noauth2') return 'noauth2';
  return keystoneAuth(opts.validator ?? tokenValidatorFromConfig(conf, opts));
}

/**
 * The all-in-one's strategy: tokens of the embedded identity service at
 * `identityUrl` (validated with themselves, cached for `[keystone_authtoken]
 * token_cache_time`), noauth2 for any other token.
 */
export function embeddedIdentityAuth(conf: NovaConfig, identityUrl: string): ApiAuth {
  return keystoneOrNoauth2(
    new KeystoneTokenValidator({
      authUrl: identityUrl,
      cacheTimeSeconds: conf.get('keystone_authtoken', 'token_cache_time'),
    }),
  );
}
