/**
 * The whole cloud in one process (`novats up`): databases (SQLite under a
 * state directory unless told otherwise), the in-process bus, placement,
 * conductor, scheduler, N fake compute hosts, and the HTTP endpoints.
 * Every service is started from the same deployment scope as the one-service
 * processes (`nova-conductor`, ...), and talks through the Transport, as it
 * would across machines. Placement is the exception: the services reach it
 * through core's PlacementClient port with an in-process requester instead of
 * HTTP (same report client, same route table), in this thread or in its worker.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ApiDatabase, Clock, Logger, NovaConfig, SchedulerOptionsInput, Transport } from '@novats/core';
import { NovaConfig as Config, Tokens } from '@novats/core';
import {
  cell0ConnectionFrom,
  FakeDriver,
  type FakeDriverOptions,
  HttpPlacementClient,
  isFakeComputeDriver,
  migratePlacementDatabase,
  PlacementReportClient,
  syncApiDatabase,
  syncCellDatabase,
} from '@novats/drivers';
import { ec2SettingsFromConfig } from '../api/ec2/ec2-settings.js';
import { metadataSettingsFromConfig } from '../api/metadata/metadata-settings.js';
import type { CellRegistry } from '../cells/cell-registry.js';
import { certSettingsFromConfig } from '../cert/cert-settings.js';
import type { ResourceTrackerOptions } from '../compute-manager/resource-tracker.js';
import { DeploymentScope } from '../container/deployment-scope.js';
import { type ServiceSettings, settingsFromConfig } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import { seedAllInOne } from '../identity/bootstrap.js';
import { CertRpcApi } from '../rpc/cert-rpcapi.js';
import { computeApiDepsOf, NovaApiService } from '../services/nova-api.js';
import { startMetadataApi } from '../services/nova-api-metadata.js';
import { startCertService } from '../services/nova-cert.js';
import { NovaComputeService, type RunningCompute } from '../services/nova-compute.js';
import { NovaConductorService } from '../services/nova-conductor.js';
import { startEc2Api } from '../services/nova-ec2-api.js';
import { NovaSchedulerService } from '../services/nova-scheduler.js';
import { type RunningService, settledWithin, startService, stopWithin } from '../services/running-service.js';
import { startImages } from './all-in-one-images.js';
import { bootstrapCells, discoverHosts, ensureDefaultFlavors } from './bootstrap.js';
import { startConsoleServices } from './console-services.js';
import { startEmbeddedIdentity } from './identity-service.js';
import { IdleTrackingTransport } from './idle-tracking-transport.js';
import { startPlacementService } from './placement-service.js';

export interface AllInOneOptions {
  readonly stateDir: string;
  /** Fake compute hosts, named compute1..computeN (one host when `compute_driver` is a real hypervisor's). */
  readonly hosts: number;
  readonly hostResources?: { vcpus: number; memory_mb: number; local_gb: number };
  readonly bindHost?: string;
  /** 0 picks a free port (tests). */
  readonly ports?: {
    compute?: number;
    placement?: number;
    image?: number;
    /** The metadata and EC2 APIs; free ports when others are given but not these, else 8775 and 8773. */
    metadata?: number;
    ec2?: number;
    /** The console proxies; free ports when the compute port is 0, else nova.conf's (6080, 6081, 6082, 6083). */
    novncproxy?: number;
    xvpvncproxy?: number;
    spicehtml5proxy?: number;
    serialproxy?: number;
  };
  /** Run nova-consoleauth and the console proxies (default true). */
  readonly consoles?: boolean;
  /**
   * Start the embedded identity service (`novats up` does unless --noauth or
   * an external Keystone): port 5000 (0: free), 35357 best effort, bootstrapped
   * with this admin password. The APIs then take its tokens besides noauth2's.
   */
  readonly identity?: {
    readonly adminPassword: string;
    readonly port?: number;
    readonly legacyPort?: number | null;
  };
  /** An external Keystone (`[keystone_authtoken] auth_url`) whose tokens the APIs accept besides noauth2's. */
  readonly externalIdentityUrl?: string;
  /** Database URLs; default SQLite files in stateDir. */
  readonly databases?: { api?: string; cell0?: string; cell1?: string; placement?: string };
  /** The operator's nova.conf: every option the services read applies. */
  readonly config?: NovaConfig;
  readonly transportUrl?: string;
  readonly spawnDelayMs?: number;
  /** Serve placement from a worker thread (a second core); `novats up` does. */
  readonly placementInWorker?: boolean;
  /** Injected build failures of the fake hosts (tests of rescheduling). */
  readonly failSpawn?: FakeDriverOptions['failSpawn'];
  /** Overrides of what nova.conf says, for tests and embedding tools. */
  readonly scheduler?: SchedulerOptionsInput;
  readonly resources?: ResourceTrackerOptions;
  readonly serviceDownTime?: number;
  readonly maxLimit?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export interface AllInOneCloud {
  /** `identity` (its v3 root) when the embedded identity service runs. */
  readonly endpoints: {
    compute: string;
    placement: string;
    image: string;
    metadata: string;
    /** The EC2 API's endpoint (…/services/Cloud). */
    ec2: string;
    identity?: string;
    /** The console proxies' roots (absent with `consoles: false`). */
    novncproxy?: string;
    xvpvncproxy?: string;
    spicehtml5proxy?: string;
    serialproxy?: string;
  };
  readonly databases: { api: string; cell0: string; cell1: string; placement: string };
  /** Their drivers are FakeDrivers unless nova.conf's `compute_driver` names a real hypervisor's. */
  readonly computes: (RunningCompute & { readonly driver: FakeDriver })[];
  /** The API database, for tests and embedding tools. */
  readonly apiDatabase: ApiDatabase;
  /** The composition root the services were started from. */
  readonly scope: DeploymentScope;
  /**
   * Stops every service, letting in-flight work finish for at most
   * `graceSeconds` each (default: `[DEFAULT] graceful_shutdown_timeout`);
   * 0 leaves it behind at once, as a crash would.
   */
  stop(opts?: { graceSeconds?: number }): Promise<void>;
}

let clouds = 0;

/**
 * Where the services' bus and databases are: the caller's options first,
 * then an operator's nova.conf (read as every service reads it, placement
 * falling back to [api_database]; cell0 follows [database] as `nova-manage
 * cell_v2 map_cell0` derives it), else a private in-process bus and SQLite
 * files in the state directory.
 */
function connectionsOf(
  opts: AllInOneOptions,
  stateDir: string,
): { transportUrl: string; databases: AllInOneCloud['databases'] } {
  const sqlite = (name: string) => `sqlite:///${join(stateDir, `${name}.sqlite`)}`;
  const configured = opts.config ? settingsFromConfig(opts.config) : undefined;
  const conf = configured?.databases;
  return {
    // NOTE(nova.conf): settingsFromConfig reads an absent transport_url as ''.
    transportUrl:
      opts.transportUrl ?? (configured?.transportUrl || `inproc://novats-${process.pid}-${++clouds}`),
    databases: {
      api: opts.databases?.api ?? conf?.api ?? sqlite('nova_api'),
      cell0: opts.databases?.cell0 ?? (conf?.cell ? cell0ConnectionFrom(conf.cell) : sqlite('nova_cell0')),
      cell1: opts.databases?.cell1 ?? conf?.cell ?? sqlite('nova'),
      placement: opts.databases?.placement ?? conf?.placement ?? sqlite('placement'),
    },
  };
}

function overrides(
  opts: AllInOneOptions,
  connections: ReturnType<typeof connectionsOf>,
  identityUrl: string | null,
): Partial<ServiceSettings> {
  const db = connections.databases;
  const bind = opts.bindHost ?? '127.0.0.1';
  return {
    host: 'novats',
    // NOTE(noauth): noauth2's user:project tokens always work here; Keystone tokens too when identity runs.
    authStrategy: 'noauth2',
    identityUrl,
    // NOTE(apis): the all-in-one starts the metadata and EC2 APIs itself, on their own ports.
    enabledApis: ['osapi_compute'],
    transportUrl: connections.transportUrl,
    databases: { api: db.api, cell: db.cell1, placement: db.placement },
    osapiCompute: { host: bind, port: opts.ports?.compute ?? 8774 },
    placementApi: { host: bind, port: opts.ports?.placement ?? 8778 },
    ...(opts.scheduler ? { scheduler: opts.scheduler } : {}),
    ...(opts.resources ? { resources: opts.resources } : {}),
    ...(opts.serviceDownTime !== undefined ? { serviceDownTime: opts.serviceDownTime } : {}),
    ...(opts.maxLimit !== undefined ? { maxLimit: opts.maxLimit } : {}),
  };
}

/**
 * The metadata (8775) and EC2 (8773) ports unless told; a caller that picks
 * other ports but not these gets free ones, so that tests written before
 * these services never collide on them.
 */
function freePortUnlessGiven(opts: AllInOneOptions, name: 'metadata' | 'ec2', dflt: number): number {
  return opts.ports?.[name] ?? (opts.ports ? 0 : dflt);
}

export async function startAllInOne(opts: AllInOneOptions): Promise<AllInOneCloud> {
  const stateDir = resolve(opts.stateDir);
  mkdirSync(stateDir, { recursive: true });
  const connections = connectionsOf(opts, stateDir);
  const db = connections.databases;
  const running: RunningService[] = [];
  /** The services that take RPC messages (conductor, scheduler, cert, computes): stopped once all are idle. */
  const rpcServers = new Set<RunningService>();
  let opened: DeploymentScope | undefined;
  /** The transport every service of this process shares, counting their running handlers. */
  let transport: IdleTrackingTransport | undefined;
  const stop = async (how: { graceSeconds?: number } = {}) => {
    const grace = how.graceSeconds ?? opened?.settings.gracefulShutdownTimeout ?? 0;
    const order = running.splice(0).reverse();
    if (grace === 0) {
      for (const svc of order) void svc.stop().catch(() => {});
      await opened?.close();
      return;
    }
    // NOTE(peers): a stopping service finishes what it took, and that work may call its peers: a
    // live migration's source calls its destination, the conductor calls computes. Stopped one by
    // one, the first stopped would no longer answer, and the other would wait out its RPC timeout
    // (60 s). So the API fronts stop first (nothing new comes in), then the RPC services finish
    // their work together, still listening, and only then stop.
    const firstRpc = order.findIndex((svc) => rpcServers.has(svc));
    const fronts = firstRpc < 0 ? order : order.slice(0, firstRpc);
    const rest = firstRpc < 0 ? [] : order.slice(firstRpc);
    for (const svc of fronts) await stopWithin(svc, grace).catch(() => false);
    if (rest.length > 0 && transport) await settledWithin(() => transport!.idle(), grace).catch(() => false);
    for (const svc of rest) await stopWithin(svc, grace).catch(() => false);
    await opened?.close();
  };
  try {
    // What `nova-manage api_db sync`, `db sync` and placement's own sync do on a real deployment.
    await syncApiDatabase(db.api);
    // NOTE(startup): the identity service (its own tables in the API database) starts while the other
    // databases are synced; the services below need its URL.
    const [identityStart, synced] = await Promise.allSettled([
      opts.identity ? startEmbeddedIdentity(opts, db.api) : Promise.resolve(null),
      (async () => {
        await syncCellDatabase(db.cell0);
        await syncCellDatabase(db.cell1);
        await migratePlacementDatabase(db.placement);
      })(),
    ]);
    if (identityStart.status === 'fulfilled' && identityStart.value) running.push(identityStart.value);
    if (identityStart.status === 'rejected') throw identityStart.reason;
    if (synced.status === 'rejected') throw synced.reason;
    const identity = identityStart.value;
    const scope = DeploymentScope.fromConfig(opts.config ?? Config.fromSources([]), {
      settings: overrides(opts, connections, identity?.url ?? opts.externalIdentityUrl ?? null),
      logger: opts.logger,
    });
    opened = scope;
    // NOTE(idle): every service of this process shares one transport; the stop above waits for it to be idle.
    await scope.provide(Tokens.Transport);
    transport = new IdleTrackingTransport(scope.resolve<Transport>(Tokens.Transport));
    scope.bind(Tokens.Transport, transport);

    const placement = await startPlacementService(scope, opts.placementInWorker ?? false);
    running.push(placement);
    // NOTE(in-process): placement answers this process's services without HTTP, in this thread or
    // through messages to its worker; HTTP remains for the other clients.
    const placementClient = placement.inProcess
      ? new PlacementReportClient(placement.inProcess)
      : new HttpPlacementClient({ endpoint: placement.url, token: 'admin' });
    scope.bind(Tokens.PlacementClient, placementClient, async () => placementClient.close());
    if (opts.clock) scope.bind(Tokens.Clock, opts.clock);
    // NOTE(order): images first: a real hypervisor's driver (libvirt) reads images through the
    // ImageService, which must be the embedded one started here, not a default bound on first use.
    const imageUrl = await startImages(scope, opts, db.api, running);
    const res = opts.hostResources ?? { vcpus: 16, memory_mb: 32768, local_gb: 500 };
    // NOTE(hypervisor): a nova.conf naming a real hypervisor's driver (libvirt, VMware, XenAPI) runs one
    // compute host on it, built from its own option group; otherwise N fake hosts.
    const fakeHosts = isFakeComputeDriver(scope.settings.computeDriver);
    if (fakeHosts) {
      scope.bind(
        Tokens.VirtDriver,
        () => new FakeDriver({ ...res, spawnDelayMs: opts.spawnDelayMs ?? 0, failSpawn: opts.failSpawn }),
      );
    } else {
      await scope.provide(Tokens.VirtDriver);
    }

    await scope.provide(Tokens.ApiDatabase, ServerTokens.CellRegistry);
    const api = scope.resolve<ApiDatabase>(Tokens.ApiDatabase);
    const cells = scope.resolve<CellRegistry>(ServerTokens.CellRegistry);
    const cell1 = await bootstrapCells(api, db, scope.settings.transportUrl);
    await ensureDefaultFlavors(api);

    const track = <S extends RunningService>(svc: S): S => {
      rpcServers.add(svc);
      running.push(svc);
      return svc;
    };
    track(await startService(scope, NovaConductorService));
    track(await startService(scope, NovaSchedulerService));
    track(
      await startCertService(
        {
          transport: scope.resolve(Tokens.Transport),
          clock: scope.resolve(Tokens.Clock),
          logger: scope.resolve(Tokens.Logger),
          host: scope.settings.host,
        },
        // NOTE(state): the all-in-one keeps its CAs with its databases unless nova.conf names a ca_path.
        {
          ...certSettingsFromConfig(scope.conf),
          ...(scope.conf.isSet('crypto', 'ca_path') ? {} : { caPath: join(stateDir, 'CA') }),
        },
      ),
    );
    const computes = await Promise.all(
      Array.from({ length: fakeHosts ? opts.hosts : 1 }, (_, i) =>
        startService(scope.child({ host: `compute${i + 1}` }), NovaComputeService),
      ),
    );
    for (const svc of computes) track(svc);
    for (const svc of computes) {
      // NOTE(crash): a crashed fake host takes its nova-compute down with it: no heartbeat, no replies.
      if (svc.driver instanceof FakeDriver) {
        svc.driver.faults.onCrash(() => {
          if (running.includes(svc)) running.splice(running.indexOf(svc), 1);
          void svc.stop().catch(() => {});
        });
      }
    }
    await discoverHosts(api, cells, cell1);

    const consoles =
      opts.consoles === false
        ? null
        : await startConsoleServices(scope, { bind: opts.bindHost ?? '127.0.0.1', ports: opts.ports });
    if (consoles) running.push(...consoles.running);
    const computeApi = await startService(consoles?.apiScope ?? scope, NovaApiService);
    running.push(computeApi);
    if (identity) {
      await seedAllInOne(identity.store, [
        { type: 'compute', name: 'nova', description: 'OpenStack Compute', url: computeApi.url },
        { type: 'placement', name: 'placement', description: 'Placement API', url: placement.url },
        { type: 'image', name: 'glance', description: 'OpenStack Image', url: imageUrl },
      ]);
    }
    const listenHost = opts.bindHost ?? '127.0.0.1';
    const metadataApi = await startMetadataApi(
      { api, cells, clock: scope.resolve(Tokens.Clock), logger: scope.resolve(Tokens.Logger) },
      {
        ...metadataSettingsFromConfig(scope.conf),
        listen: { host: listenHost, port: freePortUnlessGiven(opts, 'metadata', 8775) },
      },
    );
    running.push(metadataApi);
    const ec2Settings = ec2SettingsFromConfig(scope.conf);
    const ec2Api = await startEc2Api(
      {
        compute: computeApiDepsOf(scope),
        clock: scope.resolve(Tokens.Clock),
        logger: scope.resolve(Tokens.Logger),
        cert: new CertRpcApi(scope.resolve(Tokens.Transport), scope.settings.rpcTimeoutMs),
      },
      {
        ...ec2Settings,
        listen: { host: listenHost, port: freePortUnlessGiven(opts, 'ec2', 8773) },
        // NOTE(identity): EC2 signatures are checked by the embedded identity service unless nova.conf names one.
        ...(identity && !scope.conf.isSet('DEFAULT', 'keystone_ec2_url')
          ? { keystoneEc2Url: `${identity.url}/ec2tokens` }
          : {}),
      },
    );
    running.push(ec2Api);

    return {
      endpoints: {
        compute: computeApi.url,
        placement: placement.url,
        image: imageUrl,
        ...(identity ? { identity: identity.url } : {}),
        ...consoles?.endpoints,
        metadata: metadataApi.url,
        ec2: ec2Api.url,
      },
      databases: db,
      // NOTE(fake): the driver bound above is the fake one, so tests may inject faults through it.
      computes: computes as (RunningCompute & { driver: FakeDriver })[],
      apiDatabase: api,
      scope,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
