/**
 * nova-api: the Compute API v2.1 on `osapi_compute_listen`:
 * `osapi_compute_listen_port`. Of `enabled_apis`, `osapi_compute` is served
 * here; `metadata` and `ec2` are logged as skipped until they exist.
 */
import type { ApiDatabase, Clock, ImageService, Logger, PlacementClient, Transport } from '@novats/core';
import { type NovaConfig, Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { createComputeApp } from '../api/compute/app.js';
import { computePolicyFromConfig } from '../api/compute/policy.js';
import type { CellRegistry } from '../cells/cell-registry.js';
import type { CellTransports } from '../cells/cell-transports.js';
import { routeByHostCell } from '../cells/host-transports.js';
import { apiAuth } from '../container/api-auth-setting.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import { ComputeRpcApi } from '../rpc/compute-rpcapi.js';
import { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import type { RunningService } from './running-service.js';

export interface RunningApi extends RunningService {
  /** The Compute API's root, e.g. http://127.0.0.1:8774/v2.1. */
  readonly url: string;
}

@injectable()
export class NovaApiService {
  static readonly needs = [
    Tokens.Transport,
    Tokens.ApiDatabase,
    ServerTokens.CellRegistry,
    ServerTokens.CellTransports,
    Tokens.ImageService,
    Tokens.PlacementClient,
    Tokens.Clock,
  ];

  constructor(
    @inject(Tokens.Transport) private readonly transport: Transport,
    @inject(Tokens.ApiDatabase) private readonly api: ApiDatabase,
    @inject(ServerTokens.CellRegistry) private readonly cells: CellRegistry,
    @inject(ServerTokens.CellTransports) private readonly cellTransports: CellTransports,
    @inject(Tokens.ImageService) private readonly images: ImageService,
    @inject(Tokens.PlacementClient) private readonly placement: PlacementClient,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Config) private readonly conf: NovaConfig,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async start(): Promise<RunningApi> {
    const s = this.settings;
    for (const name of s.enabledApis) {
      if (name !== 'osapi_compute')
        this.logger.warning(`enabled_apis: ${name} is not served by Novats yet; skipped`);
    }
    const app = createComputeApp({
      authStrategy: apiAuth(this.settings, this.conf, this.logger),
      deps: {
        api: this.api,
        cells: this.cells,
        images: this.images,
        conductor: new ConductorRpcApi(this.transport, s.rpcTimeoutMs),
        compute: new ComputeRpcApi(
          routeByHostCell(this.api, this.cells, this.cellTransports, this.transport),
        ),
        placement: this.placement,
        clock: this.clock,
        serviceDownTime: s.serviceDownTime,
        maxLimit: s.maxLimit,
        defaultAvailabilityZone: s.defaultAvailabilityZone,
        serverActions: s.serverActions,
        policy: computePolicyFromConfig(this.conf),
      },
    });
    const address = await app.listen({ host: s.osapiCompute.host, port: s.osapiCompute.port });
    const url = `${address.replace('[::1]', 'localhost')}/v2.1`;
    this.logger.info(`osapi_compute listening on ${url}`);
    return { name: 'nova-api', url, stop: () => app.close() };
  }
}
