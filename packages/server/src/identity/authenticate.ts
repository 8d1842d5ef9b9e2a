/**
 * POST /v3/auth/tokens: who the caller is (methods `password`, `token`,
 * `application_credential`) and what the token is for (`scope`: a project,
 * a domain, the system, or none, which falls back to the user's default
 * project as Keystone does). Every failure to identify is the same bare 401.
 */
import type { AppCredentialRow, DomainRow, IdentityStore, ProjectRow, UserRow } from '@novats/drivers';
import { badRequest, KeystoneError, missingAttribute, unauthorized } from './identity-errors.js';
import { verifyPassword } from './password-hash.js';
import type { ScopeTarget } from './role-resolver.js';
import type { IssueRequest, TokenProvider } from './token-provider.js';

type Json = Record<string, any>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A domain by `{id}` or `{name}` (names without regard to case). */
export async function findDomain(store: IdentityStore, ref: unknown): Promise<DomainRow | undefined> {
  if (!isObject(ref)) return undefined;
  if (typeof ref.id === 'string') return store.domains.get({ id: ref.id });
  if (typeof ref.name === 'string') return store.domains.get({ name_lower: ref.name.toLowerCase() });
  return undefined;
}

async function findUser(store: IdentityStore, ref: unknown): Promise<UserRow | undefined> {
  if (!isObject(ref)) return undefined;
  if (typeof ref.id === 'string') return store.users.get({ id: ref.id });
  if (typeof ref.name !== 'string') return undefined;
  const domain = await findDomain(store, ref.domain);
  return domain ? store.users.get({ name: ref.name, domain_id: domain.id }) : undefined;
}

async function passwordUser(store: IdentityStore, body: unknown): Promise<UserRow> {
  const user = isObject(body) ? body.user : undefined;
  const found = await findUser(store, user);
  const ok = await verifyPassword(
    typeof user?.password === 'string' ? user.password : '',
    found?.password_hash ?? null,
  );
  if (!found || !ok || !found.enabled) throw unauthorized();
  return found;
}

async function appCredential(
  store: IdentityStore,
  body: unknown,
): Promise<{ user: UserRow; cred: AppCredentialRow }> {
  if (!isObject(body) || typeof body.secret !== 'string') throw unauthorized();
  let cred: AppCredentialRow | undefined;
  if (typeof body.id === 'string') cred = await store.appCredentials.get({ id: body.id });
  else if (typeof body.name === 'string') {
    const owner = await findUser(store, body.user);
    cred = owner ? await store.appCredentials.get({ name: body.name, user_id: owner.id }) : undefined;
  }
  const ok = await verifyPassword(body.secret, cred?.secret_hash ?? null);
  if (!cred || !ok) throw unauthorized();
  if (cred.expires_at && Date.parse(cred.expires_at) <= Date.now()) throw unauthorized();
  const user = await store.users.get({ id: cred.user_id });
  if (!user?.enabled) throw unauthorized();
  return { user, cred };
}

async function findProject(store: IdentityStore, ref: Json): Promise<ProjectRow | undefined> {
  if (typeof ref.id === 'string') return store.projects.get({ id: ref.id });
  if (typeof ref.name !== 'string') return undefined;
  const domain = await findDomain(store, ref.domain);
  return domain ? store.projects.get({ name: ref.name, domain_id: domain.id }) : undefined;
}

async function scopeOf(store: IdentityStore, scope: unknown, user: UserRow): Promise<ScopeTarget> {
  if (scope === undefined || scope === null) {
    return user.default_project_id ? { project: user.default_project_id } : { unscoped: true };
  }
  if (scope === 'unscoped') return { unscoped: true };
  if (!isObject(scope)) throw badRequest("Invalid input for field 'scope'.");
  if (isObject(scope.project)) {
    const project = await findProject(store, scope.project);
    if (!project) throw unauthorized();
    return { project: project.id };
  }
  if (isObject(scope.domain)) {
    const domain = await findDomain(store, scope.domain);
    if (!domain) throw unauthorized();
    return { domain: domain.id };
  }
  if (isObject(scope.system) && scope.system.all === true) return { system: true };
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
  const identity = auth.identity;
  if (!isObject(identity) || !Array.isArray(identity.methods) || identity.methods.length === 0) {
    throw missingAttribute('identity', 'auth');
  }
  const methods: string[] = identity.methods.map(String);
  const method = methods[0];
  if (method === 'password') {
    const user = await passwordUser(store, identity.password);
    return { user, methods: ['password'], scope: await scopeOf(store, auth.scope, user) };
  }
  if (method === 'token') {
    const parent = await tokens.validate(identity.token?.id);
    if (!parent) throw unauthorized();
    // NOTE(keystone): an application-credential token cannot be rescoped into something broader.
    if (parent.appCred) throw new KeystoneError(401, 'The request you have made requires authentication.');
    const scope = await scopeOf(store, auth.scope ?? 'unscoped', parent.user);
    return { user: parent.user, methods: [...parent.methods, 'token'], scope, parent };
  }
  if (method === 'application_credential') {
    const { user, cred } = await appCredential(store, identity.application_credential);
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
