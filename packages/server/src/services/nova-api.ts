/**
 * nova-api: the Compute API v2.1 on `osapi_compute_listen`:
 * `osapi_compute_listen_port`, plus the metadata service (`metadata_listen`:
 * `metadata_listen_port`) and the EC2 API (`ec2_listen`:`ec2_listen_port`)
 * when `enabled_apis` names them.
 */
import type { ApiDatabase, Clock, ImageService, Logger, PlacementClient, Transport } from '@novats/core';
import { type NovaConfig, Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { createComputeApp } from '../api/compute/app.js';
import { computePolicyFromConfig } from '../api/compute/policy.js';
import { ec2SettingsFromConfig } from '../api/ec2/ec2-settings.js';
import { metadataSettingsFromConfig } from '../api/metadata/metadata-settings.js';
import type { CellRegistry } from '../cells/cell-registry.js';
import type { CellTransports } from '../cells/cell-transports.js';
import { routeByHostCell } from '../cells/host-transports.js';
import type { ComputeApiDeps } from '../compute-orchestration/compute-api-deps.js';
import { apiAuth } from '../container/api-auth-setting.js';
import type { DeploymentScope } from '../container/deployment-scope.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import { corsFromConfig } from '../http/cors.js';
import { instanceUpdateNotifier } from '../notifications/instance-update-notifier.js';
import { CertRpcApi } from '../rpc/cert-rpcapi.js';
import { ComputeConsoleRpcApi } from '../rpc/compute-console-rpcapi.js';
import { ComputeRpcApi } from '../rpc/compute-rpcapi.js';
import { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { startMetadataApi } from './nova-api-metadata.js';
import { startEc2Api } from './nova-ec2-api.js';
import type { RunningService } from './running-service.js';

export interface RunningApi extends RunningService {
  /** The Compute API's root, e.g. http://127.0.0.1:8774/v2.1. */
  readonly url: string;
}

/** The compute API layer's dependencies from a scope whose NovaApiService ports are open (the all-in-one's EC2 API). */
export function computeApiDepsOf(scope: DeploymentScope): ComputeApiDeps {
  const s = scope.settings;
  const transport = scope.resolve<Transport>(Tokens.Transport);
  const api = scope.resolve<ApiDatabase>(Tokens.ApiDatabase);
  const cells = scope.resolve<CellRegistry>(ServerTokens.CellRegistry);
  const toHost = routeByHostCell(
    api,
    cells,
    scope.resolve<CellTransports>(ServerTokens.CellTransports),
    transport,
  );
  return {
    api,
    cells,
    images: scope.resolve<ImageService>(Tokens.ImageService),
    conductor: new ConductorRpcApi(transport, s.rpcTimeoutMs),
    compute: new ComputeRpcApi(toHost),
    consoles: { rpc: new ComputeConsoleRpcApi(toHost, s.rpcTimeoutMs), settings: s.consoles },
    placement: scope.resolve<PlacementClient>(Tokens.PlacementClient),
    clock: scope.resolve<Clock>(Tokens.Clock),
    serviceDownTime: s.serviceDownTime,
    maxLimit: s.maxLimit,
    defaultAvailabilityZone: s.defaultAvailabilityZone,
    quota: s.quota,
    instanceUsageAuditPeriod: scope.conf.get('DEFAULT', 'instance_usage_audit_period') ?? 'month',
    instanceUpdates: instanceUpdateNotifier(
      scope.conf,
      transport,
      scope.resolve<Clock>(Tokens.Clock),
      s.host,
      (m, e) => scope.logger.warning(m, e),
    ),
  };
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
    const toHost = routeByHostCell(this.api, this.cells, this.cellTransports, this.transport);
    const deps = {
      api: this.api,
      cells: this.cells,
      images: this.images,
      conductor: new ConductorRpcApi(this.transport, s.rpcTimeoutMs),
      compute: new ComputeRpcApi(toHost),
      consoles: { rpc: new ComputeConsoleRpcApi(toHost, s.rpcTimeoutMs), settings: s.consoles },
      placement: this.placement,
      clock: this.clock,
      serviceDownTime: s.serviceDownTime,
      maxLimit: s.maxLimit,
      defaultAvailabilityZone: s.defaultAvailabilityZone,
      serverActions: s.serverActions,
      quota: s.quota,
      policy: computePolicyFromConfig(this.conf),
      instanceUsageAuditPeriod: this.conf.get('DEFAULT', 'instance_usage_audit_period') ?? 'month',
      instanceUpdates: instanceUpdateNotifier(this.conf, this.transport, this.clock, s.host, (m, e) =>
        this.logger.warning(m, e),
      ),
    };
    const extra: RunningService[] = [];
    for (const name of s.enabledApis) {
      if (name === 'metadata')
        extra.push(
          await startMetadataApi(
            { api: this.api, cells: this.cells, clock: this.clock, logger: this.logger },
            metadataSettingsFromConfig(this.conf),
          ),
        );
      else if (name === 'ec2')
        extra.push(
          await startEc2Api(
            {
              compute: deps,
              clock: this.clock,
              logger: this.logger,
              cert: new CertRpcApi(this.transport, s.rpcTimeoutMs),
            },
            ec2SettingsFromConfig(this.conf),
          ),
        );
      else if (name !== 'osapi_compute')
        this.logger.warning(`enabled_apis: ${name} is not served by Novats yet; skipped`);
    }
    const app = createComputeApp({
      authStrategy: apiAuth(this.settings, this.conf, this.logger),
      deps,
      cors: corsFromConfig(this.conf),
    });
    const address = await app.listen({ host: s.osapiCompute.host, port: s.osapiCompute.port });
    const url = `${address.replace('[::1]', 'localhost')}/v2.1`;
    this.logger.info(`osapi_compute listening on ${url}`);
    return {
      name: 'nova-api',
      url,
      stop: async () => {
        await Promise.all([app.close(), ...extra.map((e) => e.stop())]);
      },
    };
  }
}
