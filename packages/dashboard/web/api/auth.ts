/**
 * Logging in through the dashboard's proxy: Keystone v3 password (or token
 * re-scope to another project), or a noauth2 token `user:project` when the
 * deployment has no identity service. The token lives in memory only (this
 * module's callers hold it); nothing is written to localStorage or cookies.
 */
import { apiErrorFor, faultOf } from '@novats/sdk/http';

export interface Project {
  readonly id: string;
  readonly name: string;
}

export interface Auth {
  readonly token: string;
  readonly user: { readonly id: string; readonly name: string };
  readonly project: Project;
  readonly roles: readonly string[];
  readonly isAdmin: boolean;
  /** noauth2: no identity service; the token is `user:project`. */
  readonly noauth: boolean;
}

export interface DashboardConfig {
  readonly identity: boolean;
  readonly services: readonly string[];
}

export async function loadConfig(): Promise<DashboardConfig> {
  const res = await fetch('/config.json');
  return (await res.json()) as DashboardConfig;
}

const TOKENS = '/proxy/identity/v3/auth/tokens';

async function issue(auth: object): Promise<Auth> {
  const res = await fetch(TOKENS, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ auth }),
  });
  const body = (await res.json().catch(() => null)) as any;
  if (res.status !== 201) throw apiErrorFor(res.status, faultOf(res.status, body), null, 'POST', TOKENS);
  const t = body.token;
  const roles: string[] = (t.roles ?? []).map((r: { name: string }) => r.name);
  return {
    token: res.headers.get('x-subject-token') ?? '',
    user: { id: t.user.id, name: t.user.name },
    project: { id: t.project?.id ?? '', name: t.project?.name ?? '' },
    roles,
    isAdmin: roles.includes('admin'),
    noauth: false,
  };
}

/** Keystone's password method, scoped to a project by name in one domain. */
export function passwordLogin(user: string, password: string, project: string, domain = 'Default') {
  const d = { name: domain };
  return issue({
    identity: { methods: ['password'], password: { user: { name: user, domain: d, password } } },
    scope: { project: { name: project, domain: d } },
  });
}

/** noauth2: the token is `user:project`; the user `admin` is an administrator. */
export function noauthLogin(user: string, project: string): Auth {
  return {
    token: `${user}:${project}`,
    user: { id: user, name: user },
    project: { id: project, name: project },
    roles: user === 'admin' ? ['admin', 'member', 'reader'] : ['member', 'reader'],
    isAdmin: user === 'admin',
    noauth: true,
  };
}

/** Another project for the same user: Keystone's token method with a new scope. */
export async function switchProject(auth: Auth, project: Project): Promise<Auth> {
  if (auth.noauth) return noauthLogin(auth.user.name, project.id);
  return issue({
    identity: { methods: ['token'], token: { id: auth.token } },
    scope: { project: { id: project.id } },
  });
}

/** The projects the user may scope to (GET /v3/auth/projects). */
export async function userProjects(auth: Auth): Promise<Project[]> {
  if (auth.noauth) return [auth.project];
  const res = await fetch('/proxy/identity/v3/auth/projects', {
    headers: { 'x-auth-token': auth.token, accept: 'application/json' },
  });
  if (!res.ok) return [auth.project];
  const body = (await res.json()) as { projects: Project[] };
  return body.projects.map((p) => ({ id: p.id, name: p.name }));
}

/** Revokes the token (DELETE /v3/auth/tokens); errors are ignored, the token is dropped anyway. */
export async function logout(auth: Auth): Promise<void> {
  if (auth.noauth) return;
  await fetch(TOKENS, {
    method: 'DELETE',
    headers: { 'x-auth-token': auth.token, 'x-subject-token': auth.token },
  }).catch(() => undefined);
}
