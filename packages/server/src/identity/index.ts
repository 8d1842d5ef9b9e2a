export {
  type BootstrapOptions,
  type BootstrapResult,
  bootstrapIdentity,
  type SeededService,
  seedAllInOne,
} from './bootstrap.js';
export {
  computeEc2Signature,
  type Ec2Credentials,
  ec2RequestTime,
  verifyEc2Signature,
} from './ec2/ec2-signature.js';
export { createIdentityApp } from './identity-app.js';
export type { IdentityDeps } from './identity-deps.js';
export {
  IDENTITY_POLICIES,
  IdentityPolicy,
  type IdentityTarget,
  identityCredentials,
  identityPolicyFromConfig,
} from './identity-policy.js';
export {
  type IdentityServerOptions,
  identityOptionsFromConfig,
  type RunningIdentity,
  startIdentityServer,
} from './identity-server.js';
export { identityListen, NovatsIdentityService } from './novats-identity-service.js';
export { hashPassword, KDF_DESCRIPTION, verifyPassword } from './password-hash.js';
export { RoleResolver } from './role-resolver.js';
export { TOKEN_PREFIX, TokenProvider } from './token-provider.js';
