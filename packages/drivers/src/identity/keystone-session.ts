/**
 * A keystoneauth Session bound to one service (an Adapter, in keystoneauth's
 * terms): an auth plugin for tokens plus the endpoint of that service, taken
 * from `endpoint_override` when set, else from the token's catalog by
 * service type, `valid_interfaces` and `region_name`.
 */
import type { AccessInfo } from './access-info.js';
import type { AuthPlugin } from './auth-plugin.js';
import { AuthMissingOption, EndpointNotFound } from './identity-errors.js';
import { findEndpoint } from './service-catalog.js';

/** What an HTTP client of another service needs: where it is and a token for it. */
export interface ServiceSession {
  /** The service's base URL, without a trailing slash. */
  getEndpoint(): Promise<string>;
  /** A token for `X-Auth-Token`, fresh enough to use now. */
  getToken(): Promise<string>;
  /** The service answered 401 with `token`: drop it so that the next `getToken` re-authenticates. */
  invalidate(token?: string): void;
}

export interface KeystoneSessionOptions {
  readonly plugin: AuthPlugin;
  /** Catalog type: `placement`, `image`, `network`, `compute`, ... */
  readonly serviceType: string;
  /** `valid_interfaces` (default internal, public). */
  readonly interfaces?: readonly string[];
  /** `region_name`; any region when absent. */
  readonly region?: string | null;
  /** `endpoint_override`: used as is, no catalog lookup. */
  readonly endpointOverride?: string | null;
  /** The nova.conf group, for error messages. */
  readonly group?: string;
}

export class KeystoneSession implements ServiceSession {
  readonly plugin: AuthPlugin;
  readonly #opts: KeystoneSessionOptions;

  constructor(opts: KeystoneSessionOptions) {
    this.plugin = opts.plugin;
    this.#opts = opts;
  }

  async getEndpoint(): Promise<string> {
    const o = this.#opts;
    if (o.endpointOverride) return o.endpointOverride.replace(/\/+$/, '');
    const group = o.group ?? o.serviceType;
    const access = await this.plugin.getAccess();
    if (!access) throw new AuthMissingOption(group, this.plugin.name, ['endpoint_override']);
    const interfaces = o.interfaces?.length ? o.interfaces : ['internal', 'public'];
    const region = o.region ?? null;
    const url = findEndpoint(access.catalog, { serviceType: o.serviceType, interfaces, region });
    if (!url) throw new EndpointNotFound(o.serviceType, interfaces, region, group);
    return url;
  }

  getToken(): Promise<string> {
    return this.plugin.getToken();
  }

  /** The access behind the current token (undefined for fixed tokens). */
  getAccess(): Promise<AccessInfo | undefined> {
    return this.plugin.getAccess();
  }

  invalidate(token?: string): void {
    this.plugin.invalidate(token);
  }
}
