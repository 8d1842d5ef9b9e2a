/**
 * placement-api (nova-placement-api in the install notes' era): the
 * Placement API on its own database, `[placement_database] connection`, or
 * the API database when that is unset, as before Stein.
 */
import type { Logger, PlacementStore } from '@novats/core';
import { type NovaConfig, Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { corsFromConfig, createPlacementApp, placementPolicyFromConfig } from '../api/placement/index.js';
import { apiAuth } from '../container/api-auth-setting.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import type { RunningService } from './running-service.js';

export interface RunningPlacementApi extends RunningService {
  readonly url: string;
}

@injectable()
export class PlacementApiService {
  static readonly needs = [ServerTokens.PlacementStore];

  constructor(
    @inject(ServerTokens.PlacementStore) private readonly store: PlacementStore,
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Config) private readonly conf: NovaConfig,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async start(): Promise<RunningPlacementApi> {
    const { host, port } = this.settings.placementApi;
    const app = createPlacementApp({
      store: this.store,
      authStrategy: apiAuth(this.settings, this.conf, this.logger),
      policy: placementPolicyFromConfig(this.conf),
      cors: corsFromConfig(this.conf),
    });
    const url = (await app.listen({ host, port })).replace('[::1]', 'localhost');
    this.logger.info(`placement-api listening on ${url}`);
    return { name: 'placement-api', url, stop: () => app.close() };
  }
}
