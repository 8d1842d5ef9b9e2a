/**
 * Runs nova-compute for one host: registers the service through the
 * conductor, reports its nodes, listens on `compute.<host>`, and keeps its
 * heartbeat (`report_interval`) and resource audit (periodic task) going.
 */
import type { Clock, PlacementClient, Transport, VirtDriver } from '@novats/core';
import { adminContext } from '@novats/core';
import { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { Topic } from '../rpc/topics.js';
import type { RunningService } from '../services/running-service.js';
import { ComputeManager } from './compute-manager.js';
import { ResourceTracker, type ResourceTrackerOptions } from './resource-tracker.js';
import { registerThroughConductor } from './wait-for-conductor.js';

/** Nova Zed's compute service version; reported in the services table. */
export const COMPUTE_SERVICE_VERSION = 61;

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
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
}

export async function startComputeService(
  opts: ComputeServiceOptions,
): Promise<RunningService & { manager: ComputeManager }> {
  const ctx = adminContext(`req-compute-start-${opts.host}`);
  // NOTE(retries): a reply lost to a broker restart is asked for again rather than leaving a build half-done.
  const conductor = new ConductorRpcApi(opts.transport, opts.rpcTimeoutMs, 3);
  await opts.driver.init(opts.host);
  const service = await registerThroughConductor(
    opts.transport,
    ctx,
    { host: opts.host, binary: 'nova-compute', version: COMPUTE_SERVICE_VERSION },
    (msg) => opts.log?.(msg),
  );
  // A restarted service is up from its first moment, not from its next report_interval.
  await conductor.serviceHeartbeat(ctx, service.id);
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
    log: opts.log,
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
  const heartbeat = setInterval(
    report('heartbeat', () => conductor.serviceHeartbeat(ctx, service.id)),
    opts.reportInterval * 1000,
  );
  const audit = setInterval(
    report('resource audit', () => manager.updateAvailableResource()),
    opts.updateResourcesInterval * 1000,
  );
  heartbeat.unref();
  audit.unref();
  return {
    name: `nova-compute:${opts.host}`,
    manager,
    async stop() {
      clearInterval(heartbeat);
      clearInterval(audit);
      await listener.stop();
    },
  };
}
