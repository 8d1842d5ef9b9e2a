/**
 * The shape every keystoneauth plugin takes here: something that hands out a
 * token (authenticating when it has none or it is about to expire) and, for
 * the plugins that talk to Keystone, the catalog that came with it.
 */
import type { AccessInfo } from './access-info.js';

export interface AuthPlugin {
  /** keystoneauth's plugin name (`password`, `admin_token`, `token`). */
  readonly name: string;
  /**
   * A token to send as `X-Auth-Token`. Authenticates on first use, when the
   * token expires within the stale margin, and after `invalidate`; concurrent
   * callers share one authentication.
   */
  getToken(): Promise<string>;
  /** The access behind the token (user, project, catalog); undefined for fixed-token plugins. */
  getAccess(): Promise<AccessInfo | undefined>;
  /**
   * Drops the token after a service answered 401, so that the next
   * `getToken` authenticates again. Passing the rejected token makes this a
   * no-op when another caller already replaced it.
   */
  invalidate(token?: string): void;
}
