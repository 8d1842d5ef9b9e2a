/**
 * `[api] auth_strategy = keystone`: the user's `X-Auth-Token` is validated by
 * Keystone (keystonemiddleware auth_token) and the answer becomes the request
 * context, as nova's NovaKeystoneContext builds it from the X-User-Id,
 * X-Project-Id and X-Roles headers; the `admin` role makes an administrator
 * (policy `context_is_admin`, `role:admin`).
 */
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
      const access = await validator.validate(token);
      const roles = [...access.roles];
      return {
        request_id: requestId,
        user_id: access.userId,
        project_id: access.projectId,
        roles,
        is_admin: roles.some((r) => r.toLowerCase() === 'admin'),
        auth_token: access.token,
      };
    },
  };
}
