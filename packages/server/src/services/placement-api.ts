/**
 * placement-api (nova-placement-api in the install notes' era): the
 * Placement API on its own database, `[placement_database] connection`, or
 * the API database when that is unset, as before Stein.
 */
import type { Logger, PlacementStore } from '@novats/core';
import { type NovaConfig, Tokens } from '@novats/core';
import type { PlacementRequester } from '@novats/drivers';
import { inject, injectable } from 'tsyringe';
import { InProcessPlacement } from '../api/placement/in-process-placement.js';
import {
  corsFromConfig,
  createPlacementApp,
  PLACEMENT_ROUTES,
  placementPolicyFromConfig,
} from '../api/placement/index.js';
import { apiAuth } from '../container/api-auth-setting.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import type { RunningService } from './running-service.js';

export interface RunningPlacementApi extends RunningService {
  readonly url: string;
  /**
   * The same API answered without HTTP, for services of this process (the
   * all-in-one's scheduler, conductor and computes): the route table itself
   * in this thread, or messages to placement's worker thread.
   */
  readonly inProcess?: PlacementRequester;
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
    const policy = placementPolicyFromConfig(this.conf);
    const app = createPlacementApp({
      store: this.store,
      authStrategy: apiAuth(this.settings, this.conf, this.logger),
      policy,
      cors: corsFromConfig(this.conf),
    });
    const url = (await app.listen({ host, port })).replace('[::1]', 'localhost');
    this.logger.info(`placement-api listening on ${url}`);
    const inProcess = new InProcessPlacement(
      this.store,
      { policy, randomizeAllocationCandidates: false },
      PLACEMENT_ROUTES,
    );
    return {
      name: 'placement-api',
      url,
      inProcess,
      async stop() {
        // NOTE(settle): in-process callers get PlacementUnreachable from now on, as HTTP ones a refused connection.
        await Promise.all([inProcess.stop(), app.close()]);
      },
    };
  }
}
