/**
 * Dispatches nova-manage categories and actions to their commands, loading
 * nova.conf first. Unknown commands print the usage and exit 2 (argparse's
 * behaviour); command errors print one line saying what to do, and any
 * other failure prints "An error has occurred" and exits 255, as Nova's.
 */
import { existsSync, readFileSync } from 'node:fs';
import {
  apiDatabaseVersion,
  cellDatabaseVersion,
  migratePlacementDatabase,
  openApiDatabase,
  openCellDatabase,
  syncApiDatabase,
  syncCellDatabase,
} from '@novats/drivers';
import { parseManageArgs } from './argv.js';
import { createCell, discoverHosts, listCells, listHosts, mapCell0 } from './cell-v2-commands.js';
import { mapInstances, verifyInstance } from './cell-v2-instance-commands.js';
import { deleteCell, deleteHost, updateCell } from './cell-v2-maintenance-commands.js';
import { simpleCellSetup } from './cell-v2-setup-commands.js';
import { archiveDeletedRows, purge } from './db-archive-commands.js';
import { apiDbSync, apiDbVersion, dbSync, dbVersion } from './db-commands.js';
import { legacyCellCreate, legacyCellDelete, legacyCellList } from './legacy-cell-commands.js';
import { loadManageConfig } from './manage-config.js';
import { type ManageContext, ManageError } from './manage-context.js';

const USAGE = `usage: nova-manage [--config-file PATH] <category> <action> [options]

categories and actions:
  api_db     sync [VERSION] | version
  db         sync [VERSION] [--local_cell] | version
             archive_deleted_rows [--max_rows N] [--before DATE] [--verbose] [--until-complete]
                                  [--purge] [--all-cells] [--task-log] [--sleep S]
             purge [--all] [--before DATE] [--verbose] [--all-cells]
  cell_v2    simple_cell_setup [--transport-url URL]
             map_cell0 [--database_connection URL]
             map_instances --cell_uuid U [--max-count N] [--reset]
             verify_instance --uuid U [--quiet]
             create_cell [--name N] [--database_connection URL] [--transport-url URL] [--verbose] [--disabled]
             discover_hosts [--cell_uuid U] [--verbose] [--strict] [--by-service]
             list_cells [--verbose] | list_hosts [--cell_uuid U]
             delete_cell --cell_uuid U [--force]
             update_cell --cell_uuid U [--name N] [--transport-url URL] [--database_connection URL]
                         [--disable | --enable]
             delete_host --cell_uuid U --host H
  cell       create --name N --cell_type parent|child --username U --password P --hostname H
                    --port N --virtual_host V --woffset F --wscale F
             list | delete --cell_name N
`;

type Handler = (
  ctx: ManageContext,
  positional: string[],
  o: Record<string, string | true>,
) => Promise<number>;
const str = (v: string | true | undefined) => (v === undefined || v === true ? undefined : v);

const COMMANDS: Record<string, Record<string, Handler>> = {
  api_db: { sync: (ctx) => apiDbSync(ctx), version: (ctx) => apiDbVersion(ctx) },
  db: {
    sync: (ctx, _p, o) => dbSync(ctx, { localCell: o.local_cell === true }),
    version: (ctx) => dbVersion(ctx),
    archive_deleted_rows: (ctx, _p, o) =>
      archiveDeletedRows(ctx, {
        maxRows: str(o.max_rows),
        before: str(o.before),
        verbose: o.verbose === true,
        untilComplete: o.until_complete === true,
        purge: o.purge === true,
        allCells: o.all_cells === true,
        sleepSeconds: str(o.sleep),
      }),
    purge: (ctx, _p, o) =>
      purge(ctx, {
        before: str(o.before),
        all: o.all === true,
        verbose: o.verbose === true,
        allCells: o.all_cells === true,
      }),
  },
  cell_v2: {
    map_cell0: (ctx, _p, o) => mapCell0(ctx, { databaseConnection: str(o.database_connection) }),
    create_cell: (ctx, _p, o) =>
      createCell(ctx, {
        name: str(o.name),
        databaseConnection: str(o.database_connection),
        transportUrl: str(o.transport_url),
        verbose: o.verbose === true,
        disabled: o.disabled === true,
      }),
    discover_hosts: (ctx, _p, o) =>
      discoverHosts(ctx, {
        cellUuid: str(o.cell_uuid),
        verbose: o.verbose === true,
        strict: o.strict === true,
        byService: o.by_service === true,
      }),
    list_cells: (ctx, _p, o) => listCells(ctx, { verbose: o.verbose === true }),
    list_hosts: (ctx, _p, o) => listHosts(ctx, { cellUuid: str(o.cell_uuid) }),
    simple_cell_setup: (ctx, _p, o) => simpleCellSetup(ctx, { transportUrl: str(o.transport_url) }),
    map_instances: (ctx, _p, o) =>
      mapInstances(ctx, { cellUuid: str(o.cell_uuid), maxCount: str(o.max_count), reset: o.reset === true }),
    verify_instance: (ctx, _p, o) => verifyInstance(ctx, { uuid: str(o.uuid), quiet: o.quiet === true }),
    delete_cell: (ctx, _p, o) => deleteCell(ctx, { cellUuid: str(o.cell_uuid), force: o.force === true }),
    update_cell: (ctx, _p, o) =>
      updateCell(ctx, {
        cellUuid: str(o.cell_uuid),
        name: str(o.name),
        transportUrl: str(o.transport_url),
        databaseConnection: str(o.database_connection),
        disable: o.disable === true,
        enable: o.enable === true,
      }),
    delete_host: (ctx, _p, o) => deleteHost(ctx, { cellUuid: str(o.cell_uuid), host: str(o.host) }),
  },
  cell: {
    create: (ctx, _p, o) =>
      legacyCellCreate(ctx, {
        name: str(o.name),
        cellType: str(o.cell_type),
        username: str(o.username),
        password: str(o.password),
        hostname: str(o.hostname),
        port: str(o.port),
        virtualHost: str(o.virtual_host),
        woffset: str(o.woffset),
        wscale: str(o.wscale),
        brokerHosts: str(o.broker_hosts),
      }),
    list: (ctx) => legacyCellList(ctx),
    delete: (ctx, _p, o) => legacyCellDelete(ctx, str(o.cell_name)),
  },
};

export interface ManageIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export async function runNovaManage(
  argv: readonly string[],
  io: ManageIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) },
): Promise<number> {
  let args: ReturnType<typeof parseManageArgs>;
  try {
    args = parseManageArgs(argv);
  } catch (err) {
    io.err(`nova-manage: error: ${(err as Error).message}`);
    return 2;
  }
  const [category, action, ...rest] = args.positional;
  const handler = category && action ? COMMANDS[category]?.[action] : undefined;
  if (!handler) {
    io.err(USAGE);
    if (category && !COMMANDS[category]) io.err(`nova-manage: error: invalid choice: '${category}'`);
    return 2;
  }
  const files =
    args.configFiles.length > 0 ? args.configFiles : ['/etc/nova/nova.conf'].filter((f) => existsSync(f));
  for (const f of files) {
    if (!existsSync(f)) {
      io.err(`ERROR: Failed to find some config files: ${f}`);
      return 1;
    }
  }
  const config = loadManageConfig(
    files.map((f) => ({ name: f, text: readFileSync(f, 'utf8') })),
    (warning) => io.out(warning),
  );
  const ctx: ManageContext = {
    config,
    out: io.out,
    err: io.err,
    openApi: openApiDatabase,
    openCell: openCellDatabase,
    syncApi: syncApiDatabase,
    syncCell: syncCellDatabase,
    syncPlacement: migratePlacementDatabase,
    apiVersion: async (url) => String(await apiDatabaseVersion(url)),
    cellVersion: async (url) => String(await cellDatabaseVersion(url)),
  };
  try {
    return await handler(ctx, rest, args.options);
  } catch (err) {
    if (err instanceof ManageError) {
      io.out(err.message);
      return err.exitCode;
    }
    // Nova's main(): any other failure prints what happened and exits 255.
    io.out(`An error has occurred:\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 255;
  }
}
