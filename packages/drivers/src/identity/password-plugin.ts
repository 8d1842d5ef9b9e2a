/**
 * keystoneauth's `password` plugin against Identity v3: POST /v3/auth/tokens
 * with the user's name or id and domain, scoped to a project; the token comes
 * back in `X-Subject-Token`, its expiry and catalog in the body. A token is
 * renewed 30 s before it expires (keystoneauth's STALE_TOKEN_DURATION) and
 * on demand after a 401.
 */
import { type AccessInfo, parseAccessInfo } from './access-info.js';
import type { AuthPlugin } from './auth-plugin.js';
import { ServiceAuthFailed } from './identity-errors.js';
import { identityV3Url, keystoneErrorMessage, keystoneRequest } from './keystone-http.js';

export interface PasswordAuthOptions {
  /** `auth_url`; `/v3` is appended when it has no version. */
  readonly authUrl: string;
  readonly password: string;
  /** `username` (with a user domain) or `user_id`. */
  readonly username?: string;
  readonly userId?: string;
  readonly userDomainName?: string;
  readonly userDomainId?: string;
  /** Project scope: `project_name` (with a project domain) or `project_id`; unscoped when neither. */
  readonly projectName?: string;
  readonly projectId?: string;
  readonly projectDomainName?: string;
  readonly projectDomainId?: string;
  /** The nova.conf group the options came from, for error messages (default `keystone_authtoken`). */
  readonly group?: string;
  /** Per-request timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** Renew this long before expiry (default 30 s). */
  readonly staleMarginMs?: number;
  /** Clock in ms since the epoch (tests). */
  readonly now?: () => number;
}

const domainRef = (name?: string, id?: string) => (id ? { id } : name ? { name } : undefined);

export class PasswordPlugin implements AuthPlugin {
  readonly name = 'password';
  readonly #opts: PasswordAuthOptions;
  readonly #tokensUrl: string;
  readonly #group: string;
  #access: AccessInfo | undefined;
  #pending: Promise<AccessInfo> | undefined;

  constructor(opts: PasswordAuthOptions) {
    this.#opts = opts;
    this.#group = opts.group ?? 'keystone_authtoken';
    this.#tokensUrl = `${identityV3Url(opts.authUrl, this.#group)}/auth/tokens`;
  }

  async getToken(): Promise<string> {
    return (await this.#current()).token;
  }

  async getAccess(): Promise<AccessInfo> {
    return this.#current();
  }

  invalidate(token?: string): void {
    if (token === undefined || this.#access?.token === token) this.#access = undefined;
  }

  #current(): Promise<AccessInfo> {
    const now = (this.#opts.now ?? Date.now)();
    const margin = this.#opts.staleMarginMs ?? 30_000;
    const a = this.#access;
    if (a && (a.expiresAt === null || a.expiresAt - margin > now)) return Promise.resolve(a);
    this.#pending ??= this.#authenticate().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #authenticate(): Promise<AccessInfo> {
    const o = this.#opts;
    const user = o.userId
      ? { id: o.userId, password: o.password }
      : { name: o.username, domain: domainRef(o.userDomainName, o.userDomainId), password: o.password };
    const project = o.projectId
      ? { id: o.projectId }
      : o.projectName
        ? { name: o.projectName, domain: domainRef(o.projectDomainName, o.projectDomainId) }
        : undefined;
    const reply = await keystoneRequest({
      method: 'POST',
      url: this.#tokensUrl,
      body: {
        auth: {
          identity: { methods: ['password'], password: { user } },
          ...(project ? { scope: { project } } : {}),
        },
      },
      option: `[${this.#group}] auth_url`,
      timeoutMs: o.timeoutMs ?? 30_000,
    });
    const token = reply.headers.get('x-subject-token');
    const access = token && reply.status === 201 ? parseAccessInfo(token, reply.body) : undefined;
    if (!access) {
      throw new ServiceAuthFailed(
        this.#tokensUrl,
        this.#group,
        reply.status,
        keystoneErrorMessage(reply.body),
      );
    }
    this.#access = access;
    return access;
  }
}
