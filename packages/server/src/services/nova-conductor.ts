/**
 * nova-conductor: the build orchestration (super conductor) and the cell's
 * database access for compute hosts (cell conductor). Any number of them
 * share the `conductor` topic; each keeps its own row in the services table.
 */
import type {
  ApiDatabase,
  CellDatabase,
  Clock,
  Logger,
  NovaConfig,
  PlacementClient,
  Transport,
} from '@novats/core';
import { Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { metadataGatherer } from '../api/metadata/metadata-gatherer.js';
import type { CellRegistry } from '../cells/cell-registry.js';
import type { CellTransports } from '../cells/cell-transports.js';
import { routeByHostCell } from '../cells/host-transports.js';
import { startConductorService } from '../conductor/conductor-service.js';
import { HostZoneCache } from '../conductor/host-zones.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import { instanceUpdateNotifier } from '../notifications/instance-update-notifier.js';
import { ComputeRpcApi } from '../rpc/compute-rpcapi.js';
import { SchedulerRpcApi } from '../rpc/scheduler-rpcapi.js';
import { Topic } from '../rpc/topics.js';
import type { RunningService } from './running-service.js';
import { reportService, SERVICE_VERSION } from './service-reporter.js';

@injectable()
export class NovaConductorService {
  static readonly needs = [
    Tokens.Transport,
    Tokens.ApiDatabase,
    ServerTokens.CellRegistry,
    ServerTokens.CellTransports,
    Tokens.CellDatabase,
    Tokens.PlacementClient,
    Tokens.Clock,
  ];

  constructor(
    @inject(Tokens.Transport) private readonly transport: Transport,
    @inject(Tokens.ApiDatabase) private readonly api: ApiDatabase,
    @inject(ServerTokens.CellRegistry) private readonly cells: CellRegistry,
    @inject(ServerTokens.CellTransports) private readonly cellTransports: CellTransports,
    @inject(Tokens.CellDatabase) private readonly localCell: CellDatabase,
    @inject(Tokens.PlacementClient) private readonly placement: PlacementClient,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Logger) private readonly logger: Logger,
    @inject(Tokens.Config) private readonly conf: NovaConfig,
  ) {}

  async start(): Promise<RunningService> {
    const s = this.settings;
    const conductor = await startConductorService(s.host, this.transport, {
      api: this.api,
      cells: this.cells,
      localCell: this.localCell,
      scheduler: new SchedulerRpcApi(this.transport, s.rpcTimeoutMs),
      compute: new ComputeRpcApi(routeByHostCell(this.api, this.cells, this.cellTransports, this.transport)),
      placement: this.placement,
      clock: this.clock,
      defaultAvailabilityZone: s.defaultAvailabilityZone,
      serviceDownTime: s.serviceDownTime,
      precacheConcurrency: this.conf.get('image_cache', 'precache_concurrency'),
      hostZones: this.api.aggregates ? new HostZoneCache(this.api.aggregates, this.clock, 1000) : undefined,
      log: (msg, extra) => this.logger.warning(msg, extra),
      instanceUpdates: instanceUpdateNotifier(this.conf, this.transport, this.clock, s.host, (msg, extra) =>
        this.logger.warning(msg, extra),
      ),
      instanceMetadata: metadataGatherer(
        { api: this.api, cells: this.cells, clock: this.clock, logger: this.logger },
        this.conf,
      ),
    });
    // NOTE(nova): the conductor owns a database, so it writes its own row instead of asking itself over RPC.
    const reporter = reportService(
      this.localCell.services,
      { host: s.host, binary: 'nova-conductor', topic: Topic.CONDUCTOR, version: SERVICE_VERSION },
      s.reportInterval,
      this.logger,
    );
    this.logger.info(`nova-conductor ${s.host} is consuming ${Topic.CONDUCTOR}`);
    return {
      name: conductor.name,
      async stop() {
        reporter.stop();
        await conductor.stop();
      },
    };
  }
}
