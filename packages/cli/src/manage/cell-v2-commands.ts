/**
 * `nova-manage cell_v2 ...`: map cell0, create cells, map compute hosts to
 * their cell, and list what is mapped. Messages and exit codes follow Nova.
 */
import { randomUUID } from 'node:crypto';
import { CELL0_UUID } from '@novats/core';
import { cell0ConnectionFrom, maskConnectionUrl } from '@novats/drivers';
import { type ManageContext, withApi } from './manage-context.js';
import { prettyTable } from './table.js';

export async function mapCell0(ctx: ManageContext, opts: { databaseConnection?: string }): Promise<number> {
  return withApi(ctx, async (api) => {
    if (await api.cellMappings.get(CELL0_UUID)) {
      ctx.out('Cell0 is already setup');
      return 0;
    }
    const main = ctx.config.opt('database', 'connection');
    const connection = opts.databaseConnection ?? (main ? cell0ConnectionFrom(main) : undefined);
    if (!connection) {
      ctx.out(
        'Must specify --database_connection if [database]/connection is not set in the configuration file.',
      );
      return 1;
    }
    await api.cellMappings.create({
      uuid: CELL0_UUID,
      name: 'cell0',
      transport_url: 'none:///',
      database_connection: connection,
      disabled: false,
    });
    return 0;
  });
}

export interface CreateCellOptions {
  readonly name?: string;
  readonly databaseConnection?: string;
  readonly transportUrl?: string;
  readonly verbose: boolean;
  readonly disabled: boolean;
}

export async function createCell(ctx: ManageContext, opts: CreateCellOptions): Promise<number> {
  const transportUrl = opts.transportUrl ?? ctx.config.opt('DEFAULT', 'transport_url');
  if (!transportUrl) {
    ctx.out('Must specify --transport-url if [DEFAULT]/transport_url is not set in the configuration file.');
    return 1;
  }
  const connection = opts.databaseConnection ?? ctx.config.opt('database', 'connection');
  if (!connection) {
    ctx.out(
      'Must specify --database_connection if [database]/connection is not set in the configuration file.',
    );
    return 1;
  }
  return withApi(ctx, async (api) => {
    const existing = (await api.cellMappings.list()).find(
      (c) => c.transport_url === transportUrl && c.database_connection === connection,
    );
    if (existing) {
      ctx.out(
        `The specified transport_url and/or database_connection combination already exists for another cell with uuid ${existing.uuid}.`,
      );
      return 2;
    }
    const uuid = randomUUID();
    await api.cellMappings.create({
      uuid,
      name: opts.name ?? null,
      transport_url: transportUrl,
      database_connection: connection,
      disabled: opts.disabled,
    });
    if (opts.verbose) ctx.out(uuid);
    return 0;
  });
}

export interface DiscoverHostsOptions {
  readonly cellUuid?: string;
  readonly verbose: boolean;
  readonly strict: boolean;
  readonly byService: boolean;
}

export async function discoverHosts(ctx: ManageContext, opts: DiscoverHostsOptions): Promise<number> {
  return withApi(ctx, async (api) => {
    const all = await api.cellMappings.list();
    const cells = opts.cellUuid ? all.filter((c) => c.uuid === opts.cellUuid) : all;
    if (opts.cellUuid && cells.length === 0) {
      ctx.out(`Cell with uuid ${opts.cellUuid} was not found.`);
      return 1;
    }
    const say = (line: string) => opts.verbose && ctx.out(line);
    say(`Found ${cells.length} cell mappings.`);
    const mapped = new Set((await api.hostMappings.list()).map((m) => m.host));
    let added = 0;
    for (const cell of cells) {
      if (cell.uuid === CELL0_UUID) {
        say('Skipping cell0 since it does not contain hosts.');
        continue;
      }
      say(`Getting computes from cell '${cell.name ?? ''}': ${cell.uuid}`);
      const db = await ctx.openCell(cell.database_connection);
      try {
        const hosts = opts.byService
          ? (await db.services.list({ binary: 'nova-compute' })).map((s) => s.host)
          : (await db.computeNodes.list()).map((n) => n.host);
        let inCell = 0;
        for (const host of new Set(hosts)) {
          say(`Checking host mapping for compute host '${host}': ${cell.uuid}`);
          if (!mapped.has(host)) {
            say(`Creating host mapping for compute host '${host}': ${cell.uuid}`);
            await api.hostMappings.create({ host, cell_uuid: cell.uuid });
            mapped.add(host);
            inCell++;
          }
          // Nova marks discovered nodes `mapped`; delete_host clears the flag again.
          if (!opts.byService) await db.computeNodes.setMapped?.(host, true);
        }
        say(`Found ${inCell} unmapped computes in cell: ${cell.uuid}`);
        added += inCell;
      } finally {
        await db.close();
      }
    }
    return opts.strict && added === 0 ? 1 : 0;
  });
}

/** Nova prints transport URLs re-serialised, so `none:///` shows as `none:/`. */
function displayTransport(url: string, verbose: boolean): string {
  const shown = url.replace(/^none:\/\/\/$/, 'none:/');
  return verbose ? shown : maskConnectionUrl(shown);
}

export async function listCells(ctx: ManageContext, opts: { verbose: boolean }): Promise<number> {
  return withApi(ctx, async (api) => {
    const cells = [...(await api.cellMappings.list())].sort((a, b) =>
      (a.name ?? '').localeCompare(b.name ?? ''),
    );
    const rows = cells.map((c) => [
      c.name ?? 'None',
      c.uuid,
      displayTransport(c.transport_url, opts.verbose),
      opts.verbose ? c.database_connection : maskConnectionUrl(c.database_connection),
      c.disabled ? 'True' : 'False',
    ]);
    ctx.out(prettyTable(['Name', 'UUID', 'Transport URL', 'Database Connection', 'Disabled'], rows));
    return 0;
  });
}

export async function listHosts(ctx: ManageContext, opts: { cellUuid?: string }): Promise<number> {
  return withApi(ctx, async (api) => {
    const cells = await api.cellMappings.list();
    if (opts.cellUuid && !cells.some((c) => c.uuid === opts.cellUuid)) {
      ctx.out(`Cell with uuid ${opts.cellUuid} was not found.`);
      return 1;
    }
    const byUuid = new Map(cells.map((c) => [c.uuid, c]));
    const hosts = await api.hostMappings.list(opts.cellUuid ? { cell_uuid: opts.cellUuid } : undefined);
    const rows = hosts
      .map((h) => [byUuid.get(h.cell_uuid)?.name ?? 'None', h.cell_uuid, h.host])
      .sort((a, b) => a[0].localeCompare(b[0]) || a[2].localeCompare(b[2]));
    ctx.out(prettyTable(['Cell Name', 'Cell UUID', 'Hostname'], rows));
    return 0;
  });
}
