/**
 * How requests are authenticated: a fixed token (noauth2's `user:project`,
 * or a Keystone token), or a Keystone v3 password session that issues a
 * token, re-issues it before it expires, and finds endpoints in its catalog.
 */
import type { AuthTokensCreate, TokenBodyView } from '@novats/core';
import { apiErrorFor, faultOf } from './errors.js';

export type ServiceType = 'compute' | 'placement' | 'identity' | 'image';

export interface Session {
  token(): Promise<string>;
  /** The endpoint of a service type, from the catalog or as given. */
  endpoint(type: ServiceType): Promise<string>;
}

export class TokenSession implements Session {
  constructor(
    private readonly value: string,
    private readonly endpoints: Partial<Record<ServiceType, string>>,
  ) {}

  async token(): Promise<string> {
    return this.value;
  }

  async endpoint(type: ServiceType): Promise<string> {
    const url = this.endpoints[type];
    if (!url) throw new Error(`no ${type} endpoint given to this TokenSession`);
    return url.replace(/\/$/, '');
  }
}

export interface PasswordAuth {
  /** Keystone's v3 root, e.g. http://127.0.0.1:5000/v3. */
  readonly authUrl: string;
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  /** User and project domain name (default `Default`). */
  readonly domain?: string;
  /** Which catalog endpoints to use (default public). */
  readonly interface?: 'public' | 'internal' | 'admin';
}

type CatalogEntry = NonNullable<TokenBodyView['token']['catalog']>[number];

export class PasswordSession implements Session {
  #token: { value: string; expires: number; catalog: CatalogEntry[] } | null = null;

  constructor(private readonly auth: PasswordAuth) {}

  async token(): Promise<string> {
    return (await this.#issued()).value;
  }

  async endpoint(type: ServiceType): Promise<string> {
    if (type === 'identity') return this.auth.authUrl.replace(/\/$/, '');
    const { catalog } = await this.#issued();
    const iface = this.auth.interface ?? 'public';
    const url = catalog.find((e) => e.type === type)?.endpoints.find((e) => e.interface === iface)?.url;
    if (!url) throw new Error(`the catalog has no ${iface} ${type} endpoint`);
    return url.replace(/\/$/, '');
  }

  /** The current token, issued again a minute before it expires. */
  async #issued() {
    if (this.#token && this.#token.expires - 60_000 > Date.now()) return this.#token;
    const domain = { name: this.auth.domain ?? 'Default' };
    const url = `${this.auth.authUrl.replace(/\/$/, '')}/auth/tokens`;
    const request: AuthTokensCreate = {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: this.auth.username, domain, password: this.auth.password } },
        },
        scope: { project: { name: this.auth.projectName, domain } },
      },
    };
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const body = (await res.json().catch(() => null)) as TokenBodyView;
    if (res.status !== 201) throw apiErrorFor(res.status, faultOf(res.status, body), null, 'POST', url);
    this.#token = {
      value: res.headers.get('x-subject-token') ?? '',
      expires: Date.parse(body.token.expires_at),
      catalog: body.token.catalog ?? [],
    };
    return this.#token;
  }
}
