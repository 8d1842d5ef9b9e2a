/**
 * nova-compute: one per hypervisor host, named by `[DEFAULT] host`. It has
 * no database: every read and write goes through the conductor over the
 * transport, and capacity goes to placement.
 */
import type {
  Clock,
  ImageService,
  Logger,
  NovaConfig,
  PlacementClient,
  Transport,
  VirtDriver,
} from '@novats/core';
import { isAuditPeriodUnit, Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import type { ComputeManager } from '../compute-manager/compute-manager.js';
import { startComputeService } from '../compute-manager/compute-service.js';
import { InvalidServiceOption } from '../container/deployment-errors.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import { legacyNotifier, versionedNotifier } from '../notifications/transport-notifier.js';
import type { RunningService } from './running-service.js';

/** What `[DEFAULT] compute_driver` resolves to: a driver per compute host. */
export type VirtDriverFactory = () => VirtDriver;

export interface RunningCompute extends RunningService {
  readonly host: string;
  readonly driver: VirtDriver;
  readonly manager: ComputeManager;
}

@injectable()
export class NovaComputeService {
  static readonly needs = [
    Tokens.Transport,
    Tokens.PlacementClient,
    Tokens.VirtDriver,
    Tokens.Clock,
    ServerTokens.ImageServiceLoader,
  ];

  constructor(
    @inject(Tokens.Transport) private readonly transport: Transport,
    @inject(Tokens.PlacementClient) private readonly placement: PlacementClient,
    @inject(Tokens.VirtDriver) private readonly drivers: VirtDriverFactory,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Logger) private readonly logger: Logger,
    @inject(Tokens.Config) private readonly conf: NovaConfig,
    @inject(ServerTokens.ImageServiceLoader) private readonly images: () => Promise<ImageService>,
  ) {}

  async start(): Promise<RunningCompute> {
    const s = this.settings;
    const driver = this.drivers();
    const auditPeriod = this.conf.get('DEFAULT', 'instance_usage_audit_period') ?? 'month';
    if (!isAuditPeriodUnit(auditPeriod)) {
      throw new InvalidServiceOption(
        'DEFAULT',
        'instance_usage_audit_period',
        `${auditPeriod} is not hour, day, month or year, with an optional @offset`,
      );
    }
    const svc = await startComputeService({
      host: s.host,
      transport: this.transport,
      driver,
      placement: this.placement,
      clock: this.clock,
      resources: s.resources,
      reportInterval: s.reportInterval,
      updateResourcesInterval: s.updateResourcesInterval,
      rpcTimeoutMs: s.rpcTimeoutMs,
      reclaimInstanceInterval: s.serverActions.reclaimInstanceInterval,
      consoles: s.consoles.enabled,
      log: (msg, extra) => this.logger.warning(msg, extra),
      images: this.images,
      notifier: versionedNotifier(this.conf, this.transport, this.clock),
      legacyNotifier: legacyNotifier(this.conf, this.transport, this.clock),
      auditPeriodUnit: auditPeriod,
      instanceUsageAudit: this.conf.get('DEFAULT', 'instance_usage_audit'),
      configDrive: {
        force: this.conf.get('DEFAULT', 'force_config_drive'),
        skipVersions: this.conf.get('DEFAULT', 'config_drive_skip_versions').split(/\s+/).filter(Boolean),
      },
    });
    this.logger.info(`nova-compute ${s.host} is consuming compute.${s.host}`);
    return { ...svc, host: s.host, driver };
  }
}
