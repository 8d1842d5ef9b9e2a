/**
 * novats-identity: the embedded identity service as a process of its own
 * (`bin/novats-identity --config-file nova.conf`), on `[api_database]
 * connection`, listening on `[identity] listen`:`listen_port` (default
 * 0.0.0.0:5000) and 35357.
 */
import { type Logger, type NovaConfig, Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { InvalidServiceOption } from '../container/deployment-errors.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import { identityOptionsFromConfig, type RunningIdentity, startIdentityServer } from './identity-server.js';

/** Where the identity process listens: `[identity] listen` and `listen_port`. */
export function identityListen(conf: NovaConfig): { host: string; port: number } {
  const port = Number(conf.getString('identity', 'listen_port') ?? 5000);
  return {
    host: conf.getString('identity', 'listen') ?? '0.0.0.0',
    port: Number.isInteger(port) ? port : 5000,
  };
}

@injectable()
export class NovatsIdentityService {
  static readonly needs: readonly symbol[] = [];

  constructor(
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Config) private readonly conf: NovaConfig,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async start(): Promise<RunningIdentity> {
    const database = this.settings.databases.api;
    if (!database)
      throw new InvalidServiceOption(
        'api_database',
        'connection',
        'is not set; the identity data lives in the API database',
      );
    const { host, port } = identityListen(this.conf);
    return startIdentityServer({
      database,
      host,
      port,
      legacyPort: port === 5000 ? 35357 : null,
      log: this.logger,
      ...identityOptionsFromConfig(this.conf),
    });
  }
}
