/**
 * Nova's noauth2 strategy (`[api] auth_strategy = noauth2`), for development
 * and tests: the token `user:project` names the caller, and the user `admin`
 * is an administrator. No password is checked.
 */
import type { RequestContext } from '@novats/core';
import { Unauthorized } from '@novats/core';

export function contextFromNoauthToken(
  token: string | undefined,
  projectHeader: string | undefined,
  requestId: string,
): RequestContext {
  if (!token) throw new Unauthorized('The request you have made requires authentication.');
  const sep = token.indexOf(':');
  const user = sep >= 0 ? token.slice(0, sep) : token;
  const project = (sep >= 0 ? token.slice(sep + 1) : '') || projectHeader || user;
  const isAdmin = user === 'admin';
  return {
    request_id: requestId,
    user_id: user,
    project_id: project,
    roles: isAdmin ? ['admin', 'member', 'reader'] : ['member', 'reader'],
    is_admin: isAdmin,
    auth_token: token,
  };
}
