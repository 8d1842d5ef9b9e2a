export type { AccessInfo, CatalogEndpoint, CatalogEntry } from './access-info.js';
export { parseAccessInfo } from './access-info.js';
export type { AuthPlugin } from './auth-plugin.js';
export {
  AuthMissingOption,
  AuthPluginNotFound,
  EndpointNotFound,
  InvalidUserToken,
  KeystoneUnreachable,
  ServiceAuthFailed,
} from './identity-errors.js';
export { identityV3Url } from './keystone-http.js';
export { KeystoneSession, type KeystoneSessionOptions, type ServiceSession } from './keystone-session.js';
export { MemcachedTokenCache } from './memcached-token-cache.js';
export { type PasswordAuthOptions, PasswordPlugin } from './password-plugin.js';
export { announceTokensRevoked, onTokensRevoked } from './revocation-feed.js';
export { type EndpointFilter, findEndpoint } from './service-catalog.js';
export {
  authPluginFromConfig,
  GROUP_SERVICE_TYPES,
  type SessionFromConfigOptions,
  sessionFromConfig,
} from './session-from-config.js';
export { InProcessTokenCache, type TokenCache, type TokenCacheEntry } from './token-cache.js';
export { StaticTokenPlugin } from './token-plugin.js';
export {
  KeystoneTokenValidator,
  type TokenValidatorFromConfigOptions,
  type TokenValidatorOptions,
  tokenValidatorFromConfig,
} from './token-validator.js';
