/**
 * The all-in-one's identity service: the embedded Keystone on the API
 * database, bootstrapped as `keystone-manage bootstrap` would be with the
 * given admin password and its own URL as the identity endpoint.
 */
import { silentLogger } from '@novats/core';
import { bootstrapIdentity } from '../identity/bootstrap.js';
import { identityPolicyFromConfig } from '../identity/identity-policy.js';
import { type RunningIdentity, startIdentityServer } from '../identity/identity-server.js';
import type { AllInOneOptions } from './all-in-one.js';

export async function startEmbeddedIdentity(
  opts: AllInOneOptions,
  database: string,
): Promise<RunningIdentity> {
  const o = opts.identity!;
  const log = opts.logger ?? silentLogger;
  const identity = await startIdentityServer({
    database,
    host: opts.bindHost ?? '127.0.0.1',
    port: o.port ?? 5000,
    legacyPort: o.legacyPort === undefined ? 35357 : o.legacyPort,
    log,
    ...(opts.config ? { policy: identityPolicyFromConfig(opts.config) } : {}),
  });
  try {
    await bootstrapIdentity(identity.store, { password: o.adminPassword, publicUrl: identity.url }, log);
    return identity;
  } catch (err) {
    await identity.stop();
    throw err;
  }
}
