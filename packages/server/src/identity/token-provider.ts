/**
 * Issues, validates and revokes tokens. A token is 48 random bytes
 * (base64url, prefixed `gAAAAA` as Keystone's Fernet tokens are, which is
 * how the all-in-one's APIs tell it from a noauth2 token); only its SHA-256
 * is stored. Validation reloads user, scope and roles, so that disabling a
 * user or removing a role takes effect; answers are kept in memory for at
 * most one second and dropped on any write through this service, which
 * bounds what another identity process's revocation can miss.
 */
import { createHash, randomBytes } from 'node:crypto';
import type {
  AppCredentialRow,
  DomainRow,
  IdentityStore,
  ProjectRow,
  RoleRow,
  TokenRow,
  UserRow,
} from '@novats/drivers';
import { buildCatalog } from './catalog.js';
import { GenerationMemo } from './generation-memo.js';
import { unauthorized } from './identity-errors.js';
import type { RoleResolver, ScopeTarget } from './role-resolver.js';
import { keystoneTime, type TokenModel } from './token-model.js';

/** Prefix of every token this service issues. */
export const TOKEN_PREFIX = 'gAAAAA';

export interface IssueRequest {
  readonly user: UserRow;
  readonly methods: readonly string[];
  readonly scope: ScopeTarget;
  /** The token being rescoped (method `token`): its expiry and audit id carry over. */
  readonly parent?: TokenModel;
  readonly appCred?: AppCredentialRow;
  /** The scope's project when the caller already loaded it (saves a query). */
  readonly project?: ProjectRow;
  /** The user's roles on the scope when the caller already resolved them (`roles()`). */
  readonly roles?: readonly RoleRow[];
}

type Cached = {
  readonly model: TokenModel;
  readonly generation: number;
  readonly at: number;
  readonly expiresAt: number;
  body?: string;
};

const CACHE_MS = 1000;
const MAX_CACHED = 20_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class TokenProvider {
  // NOTE(memory): keyed by the token itself (hashing each request costs more than the rest of a cached
  // validation); only the database holds digests instead of tokens.
  readonly #cache = new Map<string, Cached>();
  readonly #memo: GenerationMemo;

  constructor(
    private readonly store: IdentityStore,
    private readonly resolver: RoleResolver,
    /** `[token] expiration`, seconds. */
    private readonly expirationSeconds: number,
    private readonly now: () => number = Date.now,
    /** Told after every revocation (the all-in-one's APIs drop their validation caches). */
    private readonly onRevoke: () => void = () => {},
  ) {
    this.#memo = new GenerationMemo(store, now);
  }

  /** A new token; throws 401 when the scope cannot be had (disabled, no role). */
  async issue(req: IssueRequest): Promise<TokenModel> {
    const now = this.now();
    const token = `${TOKEN_PREFIX}${randomBytes(48).toString('base64url')}`;
    const expires = req.parent
      ? Date.parse(req.parent.row.expires_at)
      : Math.min(
          now + this.expirationSeconds * 1000,
          req.appCred?.expires_at ? Date.parse(req.appCred.expires_at) : Number.POSITIVE_INFINITY,
        );
    const scope = req.scope;
    const row: TokenRow = {
      id: hashToken(token),
      user_id: req.user.id,
      project_id: 'project' in scope ? scope.project : null,
      domain_id: 'domain' in scope ? scope.domain : null,
      system: 'system' in scope,
      methods: [...new Set(req.methods)].join(','),
      audit_id: randomBytes(16).toString('base64url').slice(0, 22),
      parent_audit_id: req.parent ? (req.parent.row.parent_audit_id ?? req.parent.row.audit_id) : null,
      app_cred_id: req.appCred?.id ?? null,
      issued_at: new Date(now).toISOString(),
      expires_at: new Date(expires).toISOString(),
      revoked: false,
    };
    const model = await this.#load(token, row, req.user, req.project, req.roles);
    if (!model) throw unauthorized();
    await this.store.tokens.insert(row);
    return model;
  }

  /** The token's model, or null when it is unknown, expired, revoked or no longer usable. */
  async validate(token: string | undefined): Promise<TokenModel | null> {
    if (!token || !token.startsWith(TOKEN_PREFIX) || token.length > 256) return null;
    const now = this.now();
    const hit = this.#cache.get(token);
    if (hit && hit.generation === this.store.generation && now - hit.at < CACHE_MS) {
      return hit.expiresAt > now ? hit.model : null;
    }
    const row = await this.store.tokens.get({ id: hashToken(token) });
    const expiresAt = row ? Date.parse(row.expires_at) : 0;
    if (!row || row.revoked || expiresAt <= now) return null;
    const generation = this.store.generation;
    const model = await this.#load(token, row);
    if (model) this.#remember(token, { model, generation, at: now, expiresAt });
    return model;
  }

  /** The `{"token": ...}` body, rendered once per cached validation. */
  async render(model: TokenModel, includeCatalog = true): Promise<string> {
    const cached = this.#cache.get(model.token);
    const cacheable = includeCatalog && cached?.model === model;
    if (cacheable && cached.body) return cached.body;
    const body = JSON.stringify(await this.#body(model, includeCatalog));
    if (cacheable) cached.body = body;
    return body;
  }

  /** Revokes the token and every token rescoped from it (same audit chain). */
  async revoke(model: TokenModel): Promise<void> {
    const audit = model.row.audit_id;
    await this.store.tokens.update({ audit_id: audit }, { revoked: true });
    await this.store.tokens.update({ parent_audit_id: audit }, { revoked: true });
    this.#cache.clear();
    this.onRevoke();
  }

  /** Revokes every token of a user (password change, disable, delete). */
  async revokeUser(userId: string): Promise<void> {
    await this.store.tokens.update({ user_id: userId, revoked: false }, { revoked: true });
    this.#cache.clear();
    this.onRevoke();
  }

  /** Drops expired rows (called now and then when issuing). */
  async purgeExpired(): Promise<void> {
    const cutoff = new Date(this.now()).toISOString().replace('T', ' ').replace('Z', '');
    await this.store.knex('identity_tokens').where('expires_at', '<', cutoff).delete();
  }

  #remember(key: string, entry: Cached): void {
    this.#cache.set(key, entry);
    if (this.#cache.size > MAX_CACHED) this.#cache.delete(this.#cache.keys().next().value as string);
  }

  /** The roles a user holds on a scope, implied ones included (what a token of that scope carries). */
  roles(userId: string, scope: ScopeTarget, project?: ProjectRow): Promise<RoleRow[]> {
    return this.resolver.roles(userId, scope, project);
  }

  /** Every domain, kept like the role table (see GenerationMemo). */
  domains(): Promise<DomainRow[]> {
    return this.#memo.get('domains', () => this.store.domains.list());
  }

  async #load(
    token: string,
    row: TokenRow,
    knownUser?: UserRow,
    knownProject?: ProjectRow,
    knownRoles?: readonly RoleRow[],
  ): Promise<TokenModel | null> {
    const s = this.store;
    const user = knownUser?.id === row.user_id ? knownUser : await s.users.get({ id: row.user_id });
    const domains = await this.domains();
    const domainOf = (id: string) => domains.find((d) => d.id === id) ?? null;
    const userDomain = user ? domainOf(user.domain_id) : null;
    if (!user?.enabled || !userDomain?.enabled) return null;
    let project = null;
    let projectDomain = null;
    let domain = null;
    let scope: ScopeTarget = { unscoped: true };
    if (row.project_id) {
      project =
        knownProject?.id === row.project_id
          ? knownProject
          : ((await s.projects.get({ id: row.project_id })) ?? null);
      projectDomain = project ? domainOf(project.domain_id) : null;
      if (!project?.enabled || !projectDomain?.enabled) return null;
      scope = { project: project.id };
    } else if (row.domain_id) {
      domain = domainOf(row.domain_id);
      if (!domain?.enabled) return null;
      scope = { domain: domain.id };
    } else if (row.system) {
      scope = { system: true };
    }
    let appCred = null;
    let roles = knownRoles
      ? [...knownRoles]
      : await this.resolver.roles(user.id, scope, project ?? undefined);
    if (row.app_cred_id) {
      appCred = (await s.appCredentials.get({ id: row.app_cred_id })) ?? null;
      if (!appCred) return null;
      const allowed = await this.resolver.expand(appCred.roles);
      roles = roles.filter((r) => allowed.includes(r.id));
    }
    if (!('unscoped' in scope) && roles.length === 0) return null;
    return {
      token,
      row,
      user,
      userDomain,
      project,
      projectDomain,
      domain,
      system: row.system,
      roles,
      methods: row.methods.split(','),
      appCred,
    };
  }

  async #body(m: TokenModel, includeCatalog: boolean): Promise<object> {
    const t: Record<string, unknown> = {
      methods: m.methods,
      user: {
        domain: { id: m.userDomain.id, name: m.userDomain.name },
        id: m.user.id,
        name: m.user.name,
        password_expires_at: null,
      },
      audit_ids: m.row.parent_audit_id ? [m.row.audit_id, m.row.parent_audit_id] : [m.row.audit_id],
      expires_at: keystoneTime(m.row.expires_at),
      issued_at: keystoneTime(m.row.issued_at),
    };
    const roles = m.roles.map((r) => ({ id: r.id, name: r.name }));
    if (m.system) {
      t.roles = roles;
      t.system = { all: true };
    } else if (m.domain) {
      t.domain = { id: m.domain.id, name: m.domain.name };
      t.roles = roles;
    } else if (m.project && m.projectDomain) {
      t.project = {
        domain: { id: m.projectDomain.id, name: m.projectDomain.name },
        id: m.project.id,
        name: m.project.name,
      };
      t.is_domain = false;
      t.roles = roles;
    }
    const scoped = m.system || m.domain !== null || m.project !== null;
    if (includeCatalog && scoped)
      t.catalog = await buildCatalog(this.store, m.user.id, m.project?.id ?? null, this.#memo);
    if (m.appCred) {
      t.application_credential = {
        id: m.appCred.id,
        name: m.appCred.name,
        restricted: !m.appCred.unrestricted,
      };
    }
    return { token: t };
  }
}
