/**
 * Runs nova-compute for one host: registers the service through the
 * conductor, reports its nodes, listens on `compute.<host>`, and keeps its
 * heartbeat (`report_interval`) and resource audit (periodic task) going.
 */

import type { Clock, ImageService, Logger, PlacementClient, Transport, VirtDriver } from '@novats/core';
import { adminContext } from '@novats/core';
import { ComputeRpcApi } from '../rpc/compute-rpcapi.js';
import { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { Topic } from '../rpc/topics.js';
import { conductorServiceRecords } from '../services/conductor-service-records.js';
import type { RunningService } from '../services/running-service.js';
import { reportService, SERVICE_VERSION } from '../services/service-reporter.js';
import { ComputeManager, type ComputeManagerDeps } from './compute-manager.js';
import type { ConfigDriveOptions } from './config-drive-builder.js';
import { ResourceTracker, type ResourceTrackerOptions } from './resource-tracker.js';

export interface ComputeServiceOptions {
  readonly host: string;
  readonly transport: Transport;
  readonly driver: VirtDriver;
  readonly placement: PlacementClient;
  readonly clock: Clock;
  readonly resources: ResourceTrackerOptions;
  /** `[DEFAULT] report_interval` in seconds. */
  readonly reportInterval: number;
  /** `[DEFAULT] update_resources_interval` in seconds (Nova's periodic default: 60). */
  readonly updateResourcesInterval: number;
  readonly rpcTimeoutMs?: number;
  /** `[DEFAULT] reclaim_instance_interval`: > 0 runs the reclaim of soft-deleted instances that often. */
  readonly reclaimInstanceInterval?: number;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Which console types this host serves (`[vnc] enabled`, ...). */
  readonly consoles?: ComputeManagerDeps['consoles'];
  readonly configDrive?: ConfigDriveOptions;
  /** The image service, opened on first use (snapshots and backups upload through it). */
  readonly images?: () => Promise<ImageService>;
  /** Versioned notifications; none when absent. */
  readonly notifier?: ComputeManagerDeps['notifier'];
  readonly legacyNotifier?: ComputeManagerDeps['legacyNotifier'];
  /** `[DEFAULT] instance_usage_audit_period`. */
  readonly auditPeriodUnit?: string;
  /** `[DEFAULT] instance_usage_audit`. */
  readonly instanceUsageAudit?: boolean;
}

/** The compute manager's `log(msg, extra)` as a Logger (warnings). */
function logger(log: ComputeServiceOptions['log']): Logger {
  const warn = (msg: string, extra?: Record<string, unknown>) => log?.(msg, extra);
  return { debug: () => {}, info: () => {}, warning: warn, error: warn };
}

export async function startComputeService(
  opts: ComputeServiceOptions,
): Promise<RunningService & { manager: ComputeManager }> {
  const ctx = adminContext(`req-compute-start-${opts.host}`);
  // NOTE(retries): a reply lost to a broker restart is asked for again rather than leaving a build half-done.
  const conductor = new ConductorRpcApi(opts.transport, opts.rpcTimeoutMs, 3);
  await opts.driver.init(opts.host);
  // Registered and up from its first moment (a heartbeat follows the registration), then every report_interval.
  const reporter = reportService(
    conductorServiceRecords(opts.transport, ctx, (msg) => opts.log?.(msg)),
    { host: opts.host, binary: 'nova-compute', topic: Topic.COMPUTE, version: SERVICE_VERSION },
    opts.reportInterval,
    logger(opts.log),
  );
  await reporter.registered;
  const tracker = new ResourceTracker(
    opts.host,
    opts.driver,
    conductor,
    opts.placement,
    opts.resources,
    opts.clock,
  );
  const manager = new ComputeManager({
    host: opts.host,
    driver: opts.driver,
    conductor,
    placement: opts.placement,
    resourceTracker: tracker,
    clock: opts.clock,
    // NOTE(cells): the other half of a move runs on a host of the same cell, on the same bus.
    compute: new ComputeRpcApi(opts.transport),
    log: opts.log,
    consoles: opts.consoles,
    configDrive: opts.configDrive,
    images: opts.images,
    notifier: opts.notifier,
    legacyNotifier: opts.legacyNotifier,
    auditPeriodUnit: opts.auditPeriodUnit,
    instanceUsageAudit: opts.instanceUsageAudit,
  });
  const recovered = await manager.initHost();
  if (recovered.deleted.length || recovered.errored.length) {
    opts.log?.('recovered instances after a restart', { host: opts.host, ...recovered });
  }
  const listener = await opts.transport.listen(
    { topic: Topic.COMPUTE, server: opts.host },
    manager.endpoint(),
  );
  await manager.updateAvailableResource();
  const report = (what: string, fn: () => Promise<void>) => () =>
    fn().catch((err) => opts.log?.(`${what} failed`, { host: opts.host, error: (err as Error).message }));
  // NOTE(nova): the usage audit is a default-spaced periodic task; it runs with the resource audit.
  const audit = setInterval(() => {
    report('resource audit', () => manager.updateAvailableResource())();
    report('instance usage audit', async () => {
      await manager.instanceUsageAudit();
    })();
  }, opts.updateResourcesInterval * 1000);
  audit.unref();
  const reclaimEvery = opts.reclaimInstanceInterval ?? 0;
  const reclaim =
    reclaimEvery > 0
      ? setInterval(
          report('reclaim', async () => {
            await manager.reclaimQueuedDeletes(reclaimEvery);
          }),
          reclaimEvery * 1000,
        )
      : undefined;
  reclaim?.unref();
  return {
    name: `nova-compute:${opts.host}`,
    manager,
    async stop() {
      reporter.stop();
      clearInterval(audit);
      if (reclaim) clearInterval(reclaim);
      await listener.stop();
    },
  };
}
