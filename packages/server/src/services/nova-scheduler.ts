/**
 * nova-scheduler: answers select_destinations on the `scheduler` topic from
 * placement's candidates and the cells' host states. It reports its own
 * liveness through the conductor.
 */
import type { ApiDatabase, Clock, Logger, PlacementClient, Transport } from '@novats/core';
import { adminContext, Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import type { CellRegistry } from '../cells/cell-registry.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import { Topic } from '../rpc/topics.js';
import { HostManager } from '../scheduler/host-manager.js';
import { startSchedulerService } from '../scheduler/scheduler-service.js';
import { conductorServiceRecords } from './conductor-service-records.js';
import type { RunningService } from './running-service.js';
import { reportService, SERVICE_VERSION } from './service-reporter.js';

@injectable()
export class NovaSchedulerService {
  static readonly needs = [
    Tokens.Transport,
    Tokens.ApiDatabase,
    ServerTokens.CellRegistry,
    Tokens.PlacementClient,
    Tokens.Clock,
  ];

  constructor(
    @inject(Tokens.Transport) private readonly transport: Transport,
    @inject(Tokens.ApiDatabase) private readonly api: ApiDatabase,
    @inject(ServerTokens.CellRegistry) private readonly cells: CellRegistry,
    @inject(Tokens.PlacementClient) private readonly placement: PlacementClient,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async start(): Promise<RunningService> {
    const s = this.settings;
    const hostManager = new HostManager(this.cells, this.clock, {
      serviceDownTime: s.serviceDownTime,
      cacheTtlMs: 1000,
      aggregates: this.api.aggregates,
    });
    const scheduler = await startSchedulerService(
      s.host,
      this.transport,
      this.placement,
      hostManager,
      s.scheduler,
      this.logger,
    );
    const reporter = reportService(
      conductorServiceRecords(this.transport, adminContext(`req-scheduler-report-${s.host}`), (msg) =>
        this.logger.warning(msg),
      ),
      { host: s.host, binary: 'nova-scheduler', topic: Topic.SCHEDULER, version: SERVICE_VERSION },
      s.reportInterval,
      this.logger,
    );
    this.logger.info(`nova-scheduler ${s.host} is consuming ${Topic.SCHEDULER}`);
    return {
      name: scheduler.name,
      async stop() {
        reporter.stop();
        await scheduler.stop();
      },
    };
  }
}
