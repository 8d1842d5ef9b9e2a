export {
  type ApiAuth,
  type ApiAuthHook,
  type AuthStrategyFromConfigOptions,
  authForRequest,
  authStrategyFromConfig,
  embeddedIdentityAuth,
} from './api-auth.js';
export { contextFromAccess, type KeystoneValidator, keystoneAuth } from './keystone-auth.js';
export { KEYSTONE_TOKEN_PREFIX, keystoneOrNoauth2 } from './keystone-or-noauth2.js';
