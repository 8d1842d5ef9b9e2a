/**
 * The whole cloud in one process (`novats up`): databases (SQLite under a
 * state directory unless told otherwise), the in-process bus, placement,
 * conductor, scheduler, N fake compute hosts, and the HTTP endpoints.
 * Every service still talks only through the Transport and HTTP, exactly
 * as it would across machines.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ApiDatabase, Clock, SchedulerOptionsInput } from '@novats/core';
import { systemClock } from '@novats/core';
import {
  createTransport,
  EmbeddedImageCatalog,
  FakeDriver,
  type FakeDriverOptions,
  HttpPlacementClient,
  migratePlacementDatabase,
  openApiDatabase,
  openCellDatabase,
  syncApiDatabase,
  syncCellDatabase,
} from '@novats/drivers';
import type { FastifyInstance } from 'fastify';
import { createComputeApp } from '../api/compute/app.js';
import { CellRegistry } from '../cells/cell-registry.js';
import { type RunningService, startComputeService } from '../compute/compute-service.js';
import {
  DEFAULT_RESOURCE_TRACKER_OPTIONS,
  type ResourceTrackerOptions,
} from '../compute/resource-tracker.js';
import { startConductorService } from '../conductor/conductor-service.js';
import { HostZoneCache } from '../conductor/host-zones.js';
import { createImageApp } from '../image/image-app.js';
import { ComputeRpcApi } from '../rpc/compute-rpcapi.js';
import { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { SchedulerRpcApi } from '../rpc/scheduler-rpcapi.js';
import { HostManager } from '../scheduler/host-manager.js';
import { startSchedulerService } from '../scheduler/scheduler-service.js';
import { bootstrapCells, discoverHosts, ensureDefaultFlavors } from './bootstrap.js';
import { startPlacementService } from './placement-service.js';

export interface AllInOneOptions {
  readonly stateDir: string;
  /** Fake compute hosts, named compute1..computeN. */
  readonly hosts: number;
  readonly hostResources?: { vcpus: number; memory_mb: number; local_gb: number };
  readonly bindHost?: string;
  /** 0 picks a free port (tests). */
  readonly ports?: { compute?: number; placement?: number; image?: number };
  /** Database URLs; default SQLite files in stateDir. */
  readonly databases?: { api?: string; cell0?: string; cell1?: string; placement?: string };
  readonly transportUrl?: string;
  readonly spawnDelayMs?: number;
  /** Serve placement from a worker thread (a second core); `novats up` does. */
  readonly placementInWorker?: boolean;
  /** Injected build failures of the fake hosts (tests of rescheduling). */
  readonly failSpawn?: FakeDriverOptions['failSpawn'];
  readonly scheduler?: SchedulerOptionsInput;
  /** Allocation ratios and reservations of every fake host (`[DEFAULT] *_allocation_ratio`, `reserved_host_*`). */
  readonly resources?: ResourceTrackerOptions;
  /** `[DEFAULT] service_down_time` in seconds (60). */
  readonly serviceDownTime?: number;
  /** `[api] max_limit` (1000). */
  readonly maxLimit?: number;
  readonly clock?: Clock;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
}

export interface AllInOneCloud {
  readonly endpoints: { compute: string; placement: string; image: string };
  readonly databases: { api: string; cell0: string; cell1: string; placement: string };
  readonly computes: (RunningService & { driver: FakeDriver })[];
  /** The API database, for tests and embedding tools. */
  readonly apiDatabase: ApiDatabase;
  stop(): Promise<void>;
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  const address = await app.listen({ host, port });
  return address.replace('[::1]', 'localhost');
}

export async function startAllInOne(opts: AllInOneOptions): Promise<AllInOneCloud> {
  const stateDir = resolve(opts.stateDir);
  mkdirSync(stateDir, { recursive: true });
  const clock = opts.clock ?? systemClock;
  const bind = opts.bindHost ?? '127.0.0.1';
  const sqlite = (name: string) => `sqlite:///${join(stateDir, `${name}.sqlite`)}`;
  const db = {
    api: opts.databases?.api ?? sqlite('nova_api'),
    cell0: opts.databases?.cell0 ?? sqlite('nova_cell0'),
    cell1: opts.databases?.cell1 ?? sqlite('nova'),
    placement: opts.databases?.placement ?? sqlite('placement'),
  };
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => {});
  };
  try {
    await syncApiDatabase(db.api);
    await syncCellDatabase(db.cell0);
    await syncCellDatabase(db.cell1);
    await migratePlacementDatabase(db.placement);

    const placementService = await startPlacementService({
      database: db.placement,
      host: bind,
      port: opts.ports?.placement ?? 8778,
      // NOTE(speed): candidates may come from an index verified up to 100 ms ago; claims re-check in the database.
      indexMaxAgeMs: 100,
      inWorker: opts.placementInWorker ?? false,
    });
    stops.push(() => placementService.stop());
    const placementUrl = placementService.url;
    const placement = new HttpPlacementClient({ endpoint: placementUrl, token: 'admin' });
    stops.push(async () => placement.close());

    const api = await openApiDatabase(db.api);
    stops.push(() => api.close());
    const cell1 = await bootstrapCells(api, db);
    await ensureDefaultFlavors(api);
    const cells = new CellRegistry(api, openCellDatabase);
    stops.push(() => cells.close());
    const localCell = await cells.get(cell1);

    const transport = createTransport(opts.transportUrl ?? `inproc://novats-${process.pid}-${Date.now()}`);
    stops.push(() => transport.close());
    const conductorRpc = new ConductorRpcApi(transport);
    const computeRpc = new ComputeRpcApi(transport);
    const host = 'novats';
    const conductor = await startConductorService(host, transport, {
      api,
      cells,
      localCell,
      scheduler: new SchedulerRpcApi(transport),
      compute: computeRpc,
      placement,
      clock,
      defaultAvailabilityZone: 'nova',
      hostZones: api.aggregates ? new HostZoneCache(api.aggregates, clock, 1000) : undefined,
      log: opts.log,
    });
    stops.push(() => conductor.stop());
    const hostManager = new HostManager(cells, clock, {
      serviceDownTime: opts.serviceDownTime ?? 60,
      cacheTtlMs: 1000,
      aggregates: api.aggregates,
    });
    const scheduler = await startSchedulerService(host, transport, placement, hostManager, opts.scheduler);
    stops.push(() => scheduler.stop());

    const res = opts.hostResources ?? { vcpus: 16, memory_mb: 32768, local_gb: 500 };
    const computes: (RunningService & { driver: FakeDriver })[] = [];
    await Promise.all(
      Array.from({ length: opts.hosts }, async (_, i) => {
        const name = `compute${i + 1}`;
        const driver = new FakeDriver({
          ...res,
          spawnDelayMs: opts.spawnDelayMs ?? 0,
          failSpawn: opts.failSpawn,
        });
        const svc = await startComputeService({
          host: name,
          transport,
          driver,
          placement,
          clock,
          resources: opts.resources ?? DEFAULT_RESOURCE_TRACKER_OPTIONS,
          reportInterval: 10,
          updateResourcesInterval: 60,
          log: opts.log,
        });
        computes.push({ ...svc, driver });
        stops.push(() => svc.stop());
      }),
    );
    await discoverHosts(api, cells, cell1);

    const images = new EmbeddedImageCatalog();
    const computeApp = createComputeApp({
      deps: {
        api,
        cells,
        images,
        conductor: conductorRpc,
        compute: computeRpc,
        placement,
        clock,
        serviceDownTime: opts.serviceDownTime ?? 60,
        maxLimit: opts.maxLimit ?? 1000,
      },
    });
    const computeUrl = await listen(computeApp, bind, opts.ports?.compute ?? 8774);
    stops.push(() => computeApp.close());
    const imageApp = createImageApp(images);
    const imageUrl = await listen(imageApp, bind, opts.ports?.image ?? 9292);
    stops.push(() => imageApp.close());

    return {
      endpoints: { compute: `${computeUrl}/v2.1`, placement: placementUrl, image: imageUrl },
      databases: db,
      computes,
      apiDatabase: api,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
