/**
 * `[api] auth_strategy = keystone`: the user's `X-Auth-Token` is validated by
 * Keystone (keystonemiddleware auth_token) and the answer becomes the request
 * context, as nova's NovaKeystoneContext builds it from the X-User-Id,
 * X-Project-Id and X-Roles headers; the `admin` role makes an administrator
 * (policy `context_is_admin`, `role:admin`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestContext } from '@novats/core';
import type { AccessInfo } from '@novats/drivers';
import type { ApiAuthHook } from './api-auth.js';

/** The part of KeystoneTokenValidator this hook uses. */
export interface KeystoneValidator {
  readonly wwwAuthenticate: string;
  validate(userToken: string | undefined): Promise<AccessInfo>;
}

export function keystoneAuth(validator: KeystoneValidator): ApiAuthHook {
  return {
    strategy: 'keystone',
    wwwAuthenticate: validator.wwwAuthenticate,
    async authenticate(headers, requestId) {
      const header = headers['x-auth-token'];
      const token = Array.isArray(header) ? header[0] : header;
      return contextFromAccess(await validator.validate(token), requestId, headers);
    },
  };
}

/**
 * The request context of a validated token, with what keystonemiddleware
 * passes on as X-User-*, X-Project-*, X-Domain-*, X-Roles and
 * OpenStack-System-Scope; `X-OpenStack-Request-ID` from another service
 * becomes the global request id.
 */
export function contextFromAccess(
  access: AccessInfo,
  requestId: string,
  headers: IncomingHttpHeaders = {},
): RequestContext {
  const roles = [...access.roles];
  const global = headers['x-openstack-request-id'];
  return {
    request_id: requestId,
    user_id: access.userId,
    project_id: access.projectId,
    roles,
    is_admin: roles.some((r) => r.toLowerCase() === 'admin'),
    auth_token: access.token,
    global_request_id: typeof global === 'string' && /^req-[0-9a-f-]{36}$/.test(global) ? global : null,
    system_scope: access.systemScope,
    user_domain_id: access.userDomainId,
    project_domain_id: access.projectDomainId,
    domain_id: access.domainId,
    user_name: access.userName,
    project_name: access.projectName,
  };
}
