/**
 * POST /v3/auth/tokens: who the caller is (methods `password`, `token`,
 * `application_credential`) and what the token is for (`scope`: a project,
 * a domain, the system, or none, which falls back to the user's default
 * project as Keystone does). Every failure to identify is the same bare 401.
 */
import { AUTH_REQUEST } from '@novats/core';
import type { AppCredentialRow, DomainRow, IdentityStore, ProjectRow, UserRow } from '@novats/drivers';
import { validate } from './identity-deps.js';
import { badRequest, KeystoneError, missingAttribute, unauthorized } from './identity-errors.js';
import { verifyPassword } from './password-hash.js';
import type { ScopeTarget } from './role-resolver.js';
import type { IssueRequest, TokenProvider } from './token-provider.js';

type Json = Record<string, any>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A domain by `{id}` or `{name}` (names without regard to case), from the token provider's domain list. */
export async function findDomain(tokens: TokenProvider, ref: unknown): Promise<DomainRow | undefined> {
  if (!isObject(ref)) return undefined;
  const domains = await tokens.domains();
  if (typeof ref.id === 'string') return domains.find((d) => d.id === ref.id);
  if (typeof ref.name === 'string') return domains.find((d) => d.name_lower === ref.name.toLowerCase());
  return undefined;
}

async function findUser(
  store: IdentityStore,
  tokens: TokenProvider,
  ref: unknown,
): Promise<UserRow | undefined> {
  if (!isObject(ref)) return undefined;
  if (typeof ref.id === 'string') return store.users.get({ id: ref.id });
  if (typeof ref.name !== 'string') return undefined;
  const domain = await findDomain(tokens, ref.domain);
  return domain ? store.users.get({ name: ref.name, domain_id: domain.id }) : undefined;
}

/**
 * The user of a password login, and what `then` makes of them once known.
 * NOTE(perf): `then` (the scope and role lookups) runs while the KDF hashes on the
 * thread pool, so its queries add nothing to a login's latency; its result,
 * or its error, counts only once the password proved right.
 */
async function passwordUser<T>(
  store: IdentityStore,
  tokens: TokenProvider,
  body: unknown,
  then: (user: UserRow) => Promise<T>,
): Promise<{ user: UserRow; next: T }> {
  const user = isObject(body) ? body.user : undefined;
  const found = await findUser(store, tokens, user);
  const next = found?.enabled ? then(found) : undefined;
  next?.catch(() => {});
  const ok = await verifyPassword(
    typeof user?.password === 'string' ? user.password : '',
    found?.password_hash ?? null,
  );
  if (!found || !ok || !found.enabled || !next) throw unauthorized();
  return { user: found, next: await next };
}

async function appCredential(
  store: IdentityStore,
  tokens: TokenProvider,
  body: unknown,
): Promise<{ user: UserRow; cred: AppCredentialRow }> {
  if (!isObject(body) || typeof body.secret !== 'string') throw unauthorized();
  let cred: AppCredentialRow | undefined;
  if (typeof body.id === 'string') cred = await store.appCredentials.get({ id: body.id });
  else if (typeof body.name === 'string') {
    const owner = await findUser(store, tokens, body.user);
    cred = owner ? await store.appCredentials.get({ name: body.name, user_id: owner.id }) : undefined;
  }
  const ok = await verifyPassword(body.secret, cred?.secret_hash ?? null);
  if (!cred || !ok) throw unauthorized();
  if (cred.expires_at && Date.parse(cred.expires_at) <= Date.now()) throw unauthorized();
  const user = await store.users.get({ id: cred.user_id });
  if (!user?.enabled) throw unauthorized();
  return { user, cred };
}

async function findProject(
  store: IdentityStore,
  tokens: TokenProvider,
  ref: Json,
): Promise<ProjectRow | undefined> {
  if (typeof ref.id === 'string') return store.projects.get({ id: ref.id });
  if (typeof ref.name !== 'string') return undefined;
  const domain = await findDomain(tokens, ref.domain);
  return domain ? store.projects.get({ name: ref.name, domain_id: domain.id }) : undefined;
}

type Scoped = { scope: ScopeTarget; project?: ProjectRow };

async function scopeOf(
  store: IdentityStore,
  tokens: TokenProvider,
  scope: unknown,
  user: UserRow,
): Promise<Scoped> {
  if (scope === undefined || scope === null) {
    return { scope: user.default_project_id ? { project: user.default_project_id } : { unscoped: true } };
  }
  if (scope === 'unscoped') return { scope: { unscoped: true } };
  if (!isObject(scope)) throw badRequest("Invalid input for field 'scope'.");
  if (isObject(scope.project)) {
    const project = await findProject(store, tokens, scope.project);
    if (!project) throw unauthorized();
    return { scope: { project: project.id }, project };
  }
  if (isObject(scope.domain)) {
    const domain = await findDomain(tokens, scope.domain);
    if (!domain) throw unauthorized();
    return { scope: { domain: domain.id } };
  }
  if (isObject(scope.system) && scope.system.all === true) return { scope: { system: true } };
  if (isObject(scope['OS-TRUST:trust'])) throw new KeystoneError(403, 'Trusts are not supported.');
  throw badRequest("Invalid input for field 'scope'.");
}

/** What to issue for a POST /v3/auth/tokens body; throws 400 for a malformed one, 401 otherwise. */
export async function authenticate(
  store: IdentityStore,
  tokens: TokenProvider,
  body: unknown,
): Promise<IssueRequest> {
  const auth = isObject(body) ? body.auth : undefined;
  if (!isObject(auth)) throw missingAttribute('auth', 'request body');
  validate(AUTH_REQUEST, auth);
  const identity = auth.identity;
  if (!isObject(identity) || !Array.isArray(identity.methods) || identity.methods.length === 0) {
    throw missingAttribute('identity', 'auth');
  }
  const methods: string[] = identity.methods.map(String);
  const method = methods[0];
  if (method === 'password') {
    const { user, next } = await passwordUser(store, tokens, identity.password, async (u) => {
      const scoped = await scopeOf(store, tokens, auth.scope, u);
      return { ...scoped, roles: await tokens.roles(u.id, scoped.scope, scoped.project) };
    });
    return { user, methods: ['password'], ...next };
  }
  if (method === 'token') {
    const parent = await tokens.validate(identity.token?.id);
    if (!parent) throw unauthorized();
    // NOTE(keystone): an application-credential token cannot be rescoped into something broader.
    if (parent.appCred) throw new KeystoneError(401, 'The request you have made requires authentication.');
    const scoped = await scopeOf(store, tokens, auth.scope ?? 'unscoped', parent.user);
    return { user: parent.user, methods: [...parent.methods, 'token'], ...scoped, parent };
  }
  if (method === 'application_credential') {
    const { user, cred } = await appCredential(store, tokens, identity.application_credential);
    if (auth.scope !== undefined) throw badRequest('Application credentials cannot request a scope.');
    return {
      user,
      methods: ['application_credential'],
      scope: cred.project_id ? { project: cred.project_id } : { unscoped: true },
      appCred: cred,
    };
  }
  throw unauthorized();
}
