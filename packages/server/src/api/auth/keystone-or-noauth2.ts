/**
 * The all-in-one's strategy (`novats up`): tokens issued by its embedded
 * identity service are validated as `keystone` does, and every other token
 * is read as the API's noauth2 token (`user:project` on the Compute API,
 * Placement's noauth2 headers), so that scripts and tests written for
 * noauth2 keep working beside the openstack CLI. The embedded service's
 * tokens carry a fixed prefix (`gAAAAA`, as Keystone's Fernet tokens do),
 * so a revoked or expired Keystone token is a 401, never a noauth2 user.
 */

import type { ApiAuthHook } from './api-auth.js';
import { type KeystoneValidator, keystoneAuth } from './keystone-auth.js';

/** What every token of the embedded identity service starts with. */
export const KEYSTONE_TOKEN_PREFIX = 'gAAAAA';

export function keystoneOrNoauth2(validator: KeystoneValidator): ApiAuthHook {
  return { ...keystoneAuth(validator), alsoNoauth2: true };
}
