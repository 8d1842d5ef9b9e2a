/**
 * Starts the embedded identity service on a database (`[api_database]
 * connection`): creates its tables when missing, listens on the main port
 * (5000) and, best effort, on the old admin port (35357) that older
 * configurations still name; a taken 35357 is a warning, not a failure.
 */
import type { Logger, NovaConfig } from '@novats/core';
import {
  announceTokensRevoked,
  type IdentityStore,
  openIdentityStore,
  syncIdentityDatabase,
} from '@novats/drivers';
import type { FastifyInstance } from 'fastify';
import { createIdentityApp } from './identity-app.js';
import { IdentityPolicy, identityPolicyFromConfig } from './identity-policy.js';
import { RoleResolver } from './role-resolver.js';
import { TokenProvider } from './token-provider.js';

export interface IdentityServerOptions {
  /** `[api_database] connection`. */
  readonly database: string;
  readonly host: string;
  /** 5000 by default; 0 picks a free port. */
  readonly port: number;
  /** 35357, or null for none. */
  readonly legacyPort: number | null;
  /** `[token] expiration` (s, default 3600). */
  readonly tokenExpirationSeconds?: number;
  /** `[credential] auth_ttl` (min, default 15). */
  readonly ec2AuthTtlMinutes?: number;
  readonly log: Logger;
  /** Keystone's default policy with `[oslo_policy]` overrides; Keystone's defaults alone when absent. */
  readonly policy?: IdentityPolicy;
}

export interface RunningIdentity {
  readonly name: 'identity';
  /** The v3 root, e.g. http://127.0.0.1:5000/v3. */
  readonly url: string;
  readonly store: IdentityStore;
  readonly tokens: TokenProvider;
  stop(): Promise<void>;
}

/** `[token] expiration` and `[credential] auth_ttl` from nova.conf (read as Keystone names them). */
export function identityOptionsFromConfig(
  conf: NovaConfig,
  configDirs: readonly string[] = [],
): Pick<IdentityServerOptions, 'tokenExpirationSeconds' | 'ec2AuthTtlMinutes' | 'policy'> {
  const int = (group: string, name: string, dflt: number) => {
    const v = Number(conf.getString(group, name) ?? dflt);
    return Number.isFinite(v) && v > 0 ? v : dflt;
  };
  return {
    tokenExpirationSeconds: int('token', 'expiration', 3600),
    ec2AuthTtlMinutes: int('credential', 'auth_ttl', 15),
    policy: identityPolicyFromConfig(conf, configDirs),
  };
}

const hostOf = (address: string) => address.replace('[::1]', 'localhost');

export async function startIdentityServer(o: IdentityServerOptions): Promise<RunningIdentity> {
  await syncIdentityDatabase(o.database);
  const store = openIdentityStore(o.database);
  const resolver = new RoleResolver(store);
  let url = '';
  // NOTE(revocation): validators of APIs in this process (the all-in-one) forget revoked tokens at once.
  const tokens = new TokenProvider(store, resolver, o.tokenExpirationSeconds ?? 3600, Date.now, () =>
    announceTokensRevoked(url),
  );
  const deps = {
    store,
    tokens,
    resolver,
    log: o.log,
    ec2AuthTtlMs: (o.ec2AuthTtlMinutes ?? 15) * 60_000,
    policy: o.policy ?? new IdentityPolicy(),
  };
  const apps: FastifyInstance[] = [];
  try {
    const main = createIdentityApp(deps);
    apps.push(main);
    url = `${hostOf(await main.listen({ host: o.host, port: o.port }))}/v3`;
    o.log.info(`identity listening on ${url}`);
    if (o.legacyPort !== null) {
      const legacy = createIdentityApp(deps);
      try {
        await legacy.listen({ host: o.host, port: o.legacyPort });
        apps.push(legacy);
      } catch (err) {
        await legacy.close().catch(() => {});
        o.log.warning(
          `identity: port ${o.legacyPort} (the old admin port) is not available (${(err as { code?: string }).code ?? err}); serving on ${url} only`,
        );
      }
    }
    return {
      name: 'identity',
      url,
      store,
      tokens,
      async stop() {
        for (const app of apps) await app.close();
        await store.close();
      },
    };
  } catch (err) {
    for (const app of apps) await app.close().catch(() => {});
    await store.close();
    throw err;
  }
}
