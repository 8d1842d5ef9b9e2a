/**
 * How each port's adapter is chosen and opened from the settings: one
 * provider per token. A provider opens a connection that is checked before
 * the service starts (a database answers a query, a broker accepts the
 * connection), so that a wrong option fails at start-up with its name.
 */
import type { NovaConfig, Transport } from '@novats/core';
import { isNovaError, systemClock, Tokens } from '@novats/core';
import {
  API_DATABASE_HEAD,
  CELL_DATABASE_HEAD,
  CIRROS_IMAGE,
  createVirtDriver,
  GlanceImageService,
  HttpPlacementClient,
  isFakeComputeDriver,
  maskConnectionUrl,
  openApiDatabase,
  openCellDatabase,
  openPlacementStore,
  openTransport,
  sessionFromConfig,
  type TransportOptions,
} from '@novats/drivers';
import type { Knex } from 'knex';
import { CellRegistry } from '../cells/cell-registry.js';
import { CellTransports } from '../cells/cell-transports.js';
import { openEmbeddedImageService } from '../image/embedded-image-api.js';
import { imageSettingsFromConfig } from '../image/image-settings.js';
import { authOptionError } from './auth-option-error.js';
import { DependencyUnreachable, InvalidServiceOption } from './deployment-errors.js';
import type { DeploymentScope } from './deployment-scope.js';
import { hypervisorOptions } from './hypervisor-options.js';
import { ServerTokens } from './service-tokens.js';

/** What a provider hands back: the adapter and how to let go of it. */
export interface Provided {
  readonly value: unknown;
  readonly close?: () => Promise<void>;
}

export type Provider = (scope: DeploymentScope) => Promise<Provided>;

/** Start-up checks give up after this long: a service must fail within seconds, not hang. */
const START_CHECK_MS = 5000;

function withinStartCheck<T>(what: Promise<T>, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), START_CHECK_MS);
  });
  return Promise.race([what, timeout]).finally(() => clearTimeout(timer));
}

/** How long a failed start-up waits to let go of a half-open adapter. */
const RELEASE_MS = 1000;

/**
 * NOTE(hang): a server that accepted the TCP connection but never spoke the
 * protocol (a database URL pointing at the broker's port) keeps the client's
 * close waiting for its own connect timeout; the start-up error must not.
 */
async function release(close: () => Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, RELEASE_MS);
    timer.unref();
  });
  await Promise.race([close().catch(() => {}), bound]).finally(() => clearTimeout(timer));
}

function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.message || e.code || String(err);
}

/** How to tell that a database was synced, and the command that syncs it. */
interface SchemaCheck {
  readonly head: number;
  readonly sync: string;
}

const API_SCHEMA: SchemaCheck = { head: API_DATABASE_HEAD, sync: 'nova-manage api_db sync' };
const CELL_SCHEMA: SchemaCheck = { head: CELL_DATABASE_HEAD, sync: 'nova-manage db sync' };

/** A database handle the providers open: its knex, its schema version when it has one, and close. */
interface DatabaseHandle {
  readonly knex: Knex;
  schemaVersion?(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Answers a query within the start check and is synced.
 * NOTE(sync): an unsynced database would answer `select 1` and then fail on the first query after start.
 */
async function checkDatabase(
  db: DatabaseHandle,
  group: string,
  url: string,
  what: string,
  schema?: SchemaCheck,
): Promise<void> {
  const unreachable = (reason: string) =>
    new DependencyUnreachable(
      group,
      'connection',
      `cannot reach the ${what} at ${maskConnectionUrl(url)} (${reason}); check that the server runs and the database exists.`,
    );
  try {
    await withinStartCheck(db.knex.raw('select 1'), () =>
      unreachable(`no answer in ${START_CHECK_MS / 1000} s`),
    );
  } catch (err) {
    throw isNovaError(err) && err.code.startsWith('config.') ? err : unreachable(reasonOf(err));
  }
  if (!schema || !db.schemaVersion) return;
  const version = await db.schemaVersion();
  if (version >= schema.head) return;
  const state = version === 0 ? 'has no tables' : `is at schema version ${version} of ${schema.head}`;
  throw new InvalidServiceOption(
    group,
    'connection',
    `the ${what} at ${maskConnectionUrl(url)} ${state}; run \`${schema.sync}\` first.`,
  );
}

async function openDatabase(
  group: string,
  url: string | null,
  what: string,
  open: (url: string) => Promise<DatabaseHandle>,
  schema?: SchemaCheck,
): Promise<Provided> {
  if (!url) throw new InvalidServiceOption(group, 'connection', `is not set; set it to the ${what} URL.`);
  let db: DatabaseHandle;
  try {
    db = await open(url);
  } catch (err) {
    throw new InvalidServiceOption(group, 'connection', `${reasonOf(err)}`);
  }
  try {
    await checkDatabase(db, group, url, what, schema);
  } catch (err) {
    await release(() => db.close());
    throw err;
  }
  return { value: db, close: () => db.close() };
}

/**
 * `[database] connection`. A service that also has the API database reuses
 * the cell registry's handle when a cell mapping names the same database:
 * one handle per database, and on SQLite one connection per file (two
 * connections of one process would wait on each other's locks).
 */
async function provideCellDatabase(scope: DeploymentScope): Promise<Provided> {
  const url = scope.settings.databases.cell;
  if (url && scope.settings.databases.api) {
    await scope.provide(ServerTokens.CellRegistry);
    const shared = await scope.resolve<CellRegistry>(ServerTokens.CellRegistry).byConnection(url);
    if (shared) {
      await checkDatabase(shared as unknown as DatabaseHandle, 'database', url, 'cell database', CELL_SCHEMA);
      return { value: shared };
    }
  }
  return openDatabase('database', url, 'cell database', openCellDatabase, CELL_SCHEMA);
}

/** What every transport of a service is opened with: oslo.messaging's options from nova.conf. */
function transportOptions(scope: DeploymentScope): TransportOptions {
  const log = scope.logger;
  return {
    defaultTimeoutMs: scope.settings.rpcTimeoutMs,
    controlExchange: scope.settings.controlExchange,
    log,
    onCastError: (method, error) => log.error(`cast ${method} failed`, { error: reasonOf(error) }),
    rabbit: optionGroup(scope.conf, 'oslo_messaging_rabbit'),
    zmq: optionGroup(scope.conf, 'oslo_messaging_zmq'),
  };
}

async function provideTransport(scope: DeploymentScope): Promise<Provided> {
  let transport: Transport;
  try {
    transport = await withinStartCheck(
      openTransport(scope.settings.transportUrl, transportOptions(scope)),
      () =>
        new DependencyUnreachable(
          'DEFAULT',
          'transport_url',
          `the broker gave no answer in ${START_CHECK_MS / 1000} s; check that it runs and that transport_url names its host and port.`,
        ),
    );
  } catch (err) {
    if (isNovaError(err) && err.code.startsWith('config.')) throw err;
    if (isNovaError(err) && err.code === 'transport.unreachable')
      throw new DependencyUnreachable('DEFAULT', 'transport_url', reasonOf(err));
    throw new InvalidServiceOption('DEFAULT', 'transport_url', reasonOf(err));
  }
  return { value: transport, close: () => transport.close() };
}

/** Every option of a group that the file sets, by name (for adapters that take oslo option bags). */
function optionGroup(conf: NovaConfig, group: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of conf.keys(group)) out[key] = conf.getString(group, key);
  return out;
}

/** `[placement]` with keystoneauth's options: the catalog (password) or endpoint_override (admin_token). */
async function providePlacement(scope: DeploymentScope): Promise<Provided> {
  let session: ReturnType<typeof sessionFromConfig>;
  try {
    session = sessionFromConfig(scope.conf, 'placement');
  } catch (err) {
    const mapped = authOptionError(err);
    throw mapped instanceof InvalidServiceOption
      ? mapped
      : new InvalidServiceOption('placement', 'auth_type', reasonOf(err));
  }
  const client = new HttpPlacementClient({ session });
  return { value: client, close: async () => client.close() };
}

export const PROVIDERS: ReadonlyMap<symbol, Provider> = new Map<symbol, Provider>([
  [Tokens.Transport, provideTransport],
  [
    Tokens.ApiDatabase,
    (scope) =>
      openDatabase(
        'api_database',
        scope.settings.databases.api,
        'nova_api database',
        openApiDatabase,
        API_SCHEMA,
      ),
  ],
  [Tokens.CellDatabase, provideCellDatabase],
  [
    ServerTokens.CellRegistry,
    async (scope) => {
      await scope.provide(Tokens.ApiDatabase);
      const registry = new CellRegistry(scope.resolve(Tokens.ApiDatabase), openCellDatabase);
      return { value: registry, close: () => registry.close() };
    },
  ],
  [
    ServerTokens.CellTransports,
    async (scope) => {
      await scope.provide(Tokens.Transport);
      const own = scope.resolve<Transport>(Tokens.Transport);
      const transports = new CellTransports(own, scope.settings.transportUrl, (url) =>
        openTransport(url, transportOptions(scope)),
      );
      return { value: transports, close: () => transports.close() };
    },
  ],
  [Tokens.PlacementClient, providePlacement],
  [
    ServerTokens.PlacementStore,
    (scope) =>
      openDatabase('placement_database', scope.settings.databases.placement, 'placement database', (url) =>
        openPlacementStore(url, { indexMaxAgeMs: scope.settings.placementIndexMaxAgeMs }),
      ),
  ],
  [
    Tokens.ImageService,
    async (scope) => {
      const servers = scope.conf.get('glance', 'api_servers');
      if (servers && servers.length > 0) return { value: new GlanceImageService({ endpoint: servers[0] }) };
      // NOTE(embedded): no Glance configured: read the embedded image service's records in the API database.
      // NOTE(seed): whichever service creates the image tables seeds the public CirrOS record, as `novats up` does.
      const opened = await openEmbeddedImageService(
        imageSettingsFromConfig(scope.conf, scope.settings.databases.api),
        [CIRROS_IMAGE],
      );
      return { value: opened.service, close: opened.close };
    },
  ],
  [
    ServerTokens.ImageServiceLoader,
    async (scope) => ({
      // NOTE(late): resolved at the first snapshot, so the all-in-one's embedded image service (bound after
      // the compute hosts start) is the one used, and a host that never snapshots opens nothing.
      value: async () => {
        await scope.provide(Tokens.ImageService);
        return scope.resolve(Tokens.ImageService);
      },
    }),
  ],
  [
    Tokens.VirtDriver,
    async (scope) => {
      const name = scope.settings.computeDriver;
      const hypervisors = isFakeComputeDriver(name) ? {} : await hypervisorOptions(scope);
      try {
        createVirtDriver(name, {}, hypervisors);
      } catch (err) {
        throw new InvalidServiceOption('DEFAULT', 'compute_driver', reasonOf(err));
      }
      const fakeOptions: Record<string, number> = {
        spawnDelayMs: scope.conf.get('fake_driver', 'spawn_delay_ms'),
      };
      for (const option of ['vcpus', 'memory_mb', 'local_gb'] as const) {
        const value = scope.conf.get('fake_driver', option);
        if (value !== null) fakeOptions[option] = value;
      }
      // NOTE(factory): one driver per compute host; the all-in-one process runs several.
      return { value: () => createVirtDriver(name, fakeOptions, hypervisors) };
    },
  ],
  [Tokens.Clock, async () => ({ value: systemClock })],
]);
