/**
 * The request context of `[api] auth_strategy = noauth2`, built the way
 * Placement's NoAuthMiddleware and oslo.context's `from_environ` do from
 * keystonemiddleware-style headers: the token `user[:project]` names the
 * user (and the project unless the token is system-scoped), `X-Roles` gives
 * the roles (the `admin` user alone is `admin` without it), and
 * `X-Project-Id`, `OpenStack-System-Scope` and the domain headers fill in
 * the rest. A missing token is 401 (`/` does not get here).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { PlacementError, type RequestContext } from '@novats/core';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function noauthContext(headers: IncomingHttpHeaders, requestId: string): RequestContext {
  const token = header(headers, 'x-auth-token');
  if (token === undefined)
    throw new PlacementError(401, 'The request you have made requires authentication.');
  const colon = token.indexOf(':');
  const userId = colon < 0 ? token : token.slice(0, colon);
  const tokenProject = (colon < 0 ? '' : token.slice(colon + 1)) || userId;
  const rolesHeader = header(headers, 'x-roles');
  const roles =
    rolesHeader !== undefined
      ? rolesHeader
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean)
      : userId === 'admin'
        ? ['admin']
        : [];
  const systemScope = header(headers, 'openstack-system-scope') || null;
  // NOTE(placement): the middleware sets X-Tenant-Id from the token only for
  // project-scoped tokens; an explicit X-Project-Id still wins in from_environ.
  const projectId =
    header(headers, 'x-project-id') ?? header(headers, 'x-tenant-id') ?? (systemScope ? null : tokenProject);
  return {
    request_id: requestId,
    user_id: userId,
    project_id: projectId,
    roles,
    is_admin: roles.some((r) => r.toLowerCase() === 'admin'),
    auth_token: token,
    system_scope: systemScope,
    domain_id: header(headers, 'x-domain-id') ?? null,
    user_domain_id: header(headers, 'x-user-domain-id') ?? null,
    project_domain_id: header(headers, 'x-project-domain-id') ?? null,
  };
}
