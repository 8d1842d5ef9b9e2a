/**
 * A whole cloud inside a test suite: the all-in-one (`novats up`) on free
 * ports, SQLite databases in memory, the in-process bus and N
 * fake hosts; with the fake driver's fault injection, a controllable clock
 * and a reset back to the just-started state between tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIRROS_IMAGE, type FakeDriver, type FakeFaults } from '@novats/drivers';
import { MemoryDatabase } from '@novats/drivers/sqlite';
import { createClient, type OpenStackClient } from '@novats/sdk';
import { type AllInOneCloud, type AllInOneOptions, startAllInOne } from '../cloud/all-in-one.js';
import { CloudOptionError } from './cloud-option-error.js';
import { stopOnExit, withoutKeepingAlive } from './forgotten-stop.js';
import { portIsFree } from './port-check.js';
import { TestClock } from './test-clock.js';

export interface StartCloudOptions {
  /** Fake compute hosts, named compute1..computeN (default 2). */
  readonly hosts?: number;
  /** Each fake host's size (default 16 vCPU, 32 GiB, 500 GB). */
  readonly hostResources?: { vcpus: number; memory_mb: number; local_gb: number };
  /** Fixed ports; every one left out is a free one. */
  readonly ports?: {
    compute?: number;
    placement?: number;
    image?: number;
    identity?: number;
    metadata?: number;
  };
  /** Run the embedded identity service (Keystone v3) with this admin password (default: noauth2 tokens only). */
  readonly identity?: boolean | { adminPassword: string };
  /** How long each fake spawn takes (default 0). */
  readonly spawnDelayMs?: number;
}

export interface CloudCredentials {
  /** noauth2 tokens the Compute and Placement APIs accept: `user:project` (admin for `admin:admin`). */
  readonly adminToken: string;
  readonly userToken: string;
  /** The embedded identity's admin (project admin, domain Default) when it runs. */
  readonly password?: {
    authUrl: string;
    username: string;
    password: string;
    projectName: string;
    domain: string;
  };
}

export interface TestCloud {
  readonly endpoints: AllInOneCloud['endpoints'];
  readonly credentials: CloudCredentials;
  /** An SDK client (Compute at 2.1) with the admin's noauth2 token; `client.compute.at('2.93')` for another microversion. */
  readonly client: OpenStackClient;
  /** The id of the CirrOS image the embedded image service holds (a server's `imageRef`). */
  readonly imageRef: string;
  /** The host names, compute1..computeN. */
  readonly hosts: readonly string[];
  /** Fault injection on a named host: fail or delay an action, crash the host. */
  faults(host: string): FakeFaults;
  /** The fake hypervisor of a named host (its guests, consoles). */
  driver(host: string): FakeDriver;
  /** The cloud's clock: `advance(ms)`, `set(epochMs)`. */
  readonly clock: TestClock;
  /** The all-in-one underneath, for what this object does not cover. */
  readonly allInOne: AllInOneCloud;
  /** Back to the just-started state: no servers, allocations, guests, faults; real time. */
  reset(): Promise<void>;
  /** Stops every service and closes every handle; safe to call twice. */
  stop(): Promise<void>;
}

const PORT_OPTIONS = ['compute', 'placement', 'image', 'identity', 'metadata'] as const;

async function checkOptions(opts: StartCloudOptions): Promise<void> {
  const hosts = opts.hosts ?? 2;
  if (!Number.isInteger(hosts) || hosts < 1)
    throw new CloudOptionError('hosts', `must be a whole number of at least 1, got ${hosts}`);
  for (const name of PORT_OPTIONS) {
    const port = opts.ports?.[name];
    if (port === undefined || port === 0) continue;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new CloudOptionError(`ports.${name}`, `not a TCP port: ${port}`);
    if (!(await portIsFree(port, '127.0.0.1')))
      throw new CloudOptionError(`ports.${name}`, `port ${port} is already in use`);
  }
}

/** The all-in-one's state directory: only its CA files (nova-cert) would land there; the databases are in memory. */
function stateDir(): string {
  return mkdtempSync(join(tmpdir(), 'novats-testcloud-'));
}

const DATABASES = ['api', 'cell0', 'cell1', 'placement'] as const;

export async function startCloud(opts: StartCloudOptions = {}): Promise<TestCloud> {
  await checkOptions(opts);
  const dir = stateDir();
  // NOTE(lifetime): each database is a named in-memory one, held here from before its schema is
  // synced until stop(), whatever handles the services open and close on it meanwhile.
  const memory = Object.fromEntries(DATABASES.map((name) => [name, new MemoryDatabase()])) as Record<
    (typeof DATABASES)[number],
    MemoryDatabase
  >;
  const release = async () => {
    await Promise.all(Object.values(memory).map((m) => m.close()));
    rmSync(dir, { recursive: true, force: true });
  };
  const clock = new TestClock();
  const adminPassword =
    opts.identity === true ? 'novats-admin' : opts.identity ? opts.identity.adminPassword : undefined;
  const aioOpts: AllInOneOptions = {
    stateDir: dir,
    databases: {
      api: memory.api.url,
      cell0: memory.cell0.url,
      cell1: memory.cell1.url,
      placement: memory.placement.url,
    },
    hosts: opts.hosts ?? 2,
    hostResources: opts.hostResources,
    ports: {
      compute: opts.ports?.compute ?? 0,
      placement: opts.ports?.placement ?? 0,
      image: opts.ports?.image ?? 0,
      metadata: opts.ports?.metadata ?? 0,
    },
    consoles: false,
    ...(adminPassword
      ? { identity: { adminPassword, port: opts.ports?.identity ?? 0, legacyPort: null } }
      : {}),
    spawnDelayMs: opts.spawnDelayMs ?? 0,
    clock,
  };
  let cloud: AllInOneCloud;
  try {
    cloud = await withoutKeepingAlive(() => startAllInOne(aioOpts));
  } catch (err) {
    await release();
    throw err;
  }
  const snapshots = Object.values(memory);
  await Promise.all(snapshots.map((m) => m.snapshot()));
  const byHost = new Map(cloud.computes.map((c) => [c.host, c.driver]));
  const driver = (host: string) => {
    const d = byHost.get(host);
    if (!d)
      throw new CloudOptionError(
        'host',
        `no fake host named ${host} (hosts: ${[...byHost.keys()].join(', ')})`,
      );
    return d;
  };
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      forget();
      await cloud.stop({ graceSeconds: 0 });
      await release();
    })();
    return stopped;
  };
  const forget = stopOnExit(cloud.endpoints.compute, stop);
  return {
    endpoints: cloud.endpoints,
    credentials: {
      adminToken: 'admin:admin',
      userToken: 'demo:demo',
      ...(adminPassword && cloud.endpoints.identity
        ? {
            password: {
              authUrl: cloud.endpoints.identity,
              username: 'admin',
              password: adminPassword,
              projectName: 'admin',
              domain: 'Default',
            },
          }
        : {}),
    },
    client: createClient({
      token: 'admin:admin',
      endpoints: { ...cloud.endpoints, image: cloud.endpoints.image },
    }),
    imageRef: CIRROS_IMAGE.id,
    hosts: [...byHost.keys()],
    faults: (host) => driver(host).faults,
    driver,
    clock,
    allInOne: cloud,
    async reset() {
      clock.reset();
      for (const d of byHost.values()) {
        d.faults.clear();
        for (const uuid of await d.listInstanceUuids())
          await d.destroy({ uuid } as Parameters<FakeDriver['destroy']>[0]);
      }
      await Promise.all(snapshots.map((s) => s.restore()));
    },
    stop,
  };
}
