export {
  type ApiAuth,
  type ApiAuthHook,
  type AuthStrategyFromConfigOptions,
  authStrategyFromConfig,
} from './api-auth.js';
export { type KeystoneValidator, keystoneAuth } from './keystone-auth.js';
