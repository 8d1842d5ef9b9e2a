/**
 * The pluggable authentication of our HTTP APIs (`[api] auth_strategy`):
 * `noauth2` keeps each app's built-in development identities; a hook object
 * (today: Keystone token validation) turns request headers into the caller's
 * RequestContext or throws a 401 NovaError. Both the Compute and Placement
 * apps take it as their `authStrategy` option.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { NovaConfig, RequestContext } from '@novats/core';
import { type TokenValidatorFromConfigOptions, tokenValidatorFromConfig } from '@novats/drivers';
import { type KeystoneValidator, keystoneAuth } from './keystone-auth.js';

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
