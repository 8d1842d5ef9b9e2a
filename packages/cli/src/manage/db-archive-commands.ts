/**
 * `nova-manage db archive_deleted_rows` and `db purge`: move soft-deleted
 * rows of the cell databases into their shadow tables (dropping the API
 * records of archived instances), then delete shadow rows. Arguments, output
 * and exit codes follow Nova's DbCommands.
 */
import type { ApiDatabase, CellDatabase, CellMapping, DeletedRowArchive } from '@novats/core';
import { parseBeforeDate } from './before-date.js';
import { type ManageContext, ManageError } from './manage-context.js';
import { prettyTable } from './table.js';

/** oslo.db's MAX_INT: the largest --max_rows a MySQL INT LIMIT takes. */
const MAX_INT = 2147483647;

export interface ArchiveOptions {
  readonly maxRows?: string;
  readonly before?: string;
  readonly verbose: boolean;
  readonly untilComplete: boolean;
  readonly purge: boolean;
  readonly allCells: boolean;
  readonly sleepSeconds?: string;
}

export interface PurgeOptions {
  readonly before?: string;
  readonly all: boolean;
  readonly verbose: boolean;
  readonly allCells: boolean;
}

/** A cell database to work on: a mapped cell, or `[database] connection` (name null). */
interface Target {
  readonly name: string | null;
  readonly identity: string;
  readonly connection: string;
}

function mainTarget(ctx: ManageContext): Target {
  const connection = ctx.config.opt('database', 'connection');
  if (!connection)
    throw new ManageError(
      '[database] connection is not set in the configuration file; set it to the cell database URL.',
      1,
    );
  return { name: null, identity: 'DB', connection };
}

function cellTarget(c: CellMapping): Target {
  // Nova's CellMapping.identity: "uuid(name)", or the uuid of an unnamed cell.
  return {
    name: c.name,
    identity: `Cell ${c.name ? `${c.uuid}(${c.name})` : c.uuid}`,
    connection: c.database_connection,
  };
}

async function withCell<T>(
  ctx: ManageContext,
  connection: string,
  fn: (archive: DeletedRowArchive, db: CellDatabase) => Promise<T>,
): Promise<T> {
  const db = await ctx.openCell(connection);
  try {
    if (!db.archive)
      throw new ManageError('This cell database has no shadow tables; run "nova-manage db sync".', 1);
    return await fn(db.archive, db);
  } finally {
    await db.close();
  }
}

/** Python's int(): surrounding blanks allowed, nothing else. */
function pythonInt(text: string, option: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text))
    throw new ManageError(
      `An error has occurred:\nValueError: invalid literal for int() with base 10: '${text}' (${option})`,
      255,
    );
  return Number.parseInt(text, 10);
}

/** Python's sort of str keys: by code point, not by locale. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function archiveDeletedRows(ctx: ManageContext, opts: ArchiveOptions): Promise<number> {
  const maxRows = opts.maxRows === undefined ? 1000 : pythonInt(opts.maxRows, '--max_rows');
  if (maxRows < 0) {
    ctx.out('Must supply a positive value for max_rows');
    return 2;
  }
  if (maxRows > MAX_INT) {
    ctx.out(`max rows must be <= ${MAX_INT}`);
    return 2;
  }
  const sleepMs = opts.sleepSeconds === undefined ? 0 : pythonInt(opts.sleepSeconds, '--sleep') * 1000;

  // NOTE(nova): the API database must answer first: archived instances' mappings are deleted there.
  const apiUrl = ctx.config.opt('api_database', 'connection');
  let api: ApiDatabase | undefined;
  let cells: CellMapping[] = [];
  try {
    if (!apiUrl) throw new Error('[api_database] connection is not set');
    api = await ctx.openApi(apiUrl);
    cells = await api.cellMappings.list();
  } catch {
    await api?.close().catch(() => {});
    ctx.out(
      'Failed to connect to API DB so aborting this archival attempt. Please check your config file to make sure that [api_database]/connection is set and run this command again.',
    );
    return 3;
  }
  try {
    let before: string | undefined;
    if (opts.before !== undefined) {
      try {
        before = parseBeforeDate(opts.before);
      } catch (err) {
        ctx.out(`Invalid value for --before: ${(err as Error).message}`);
        return 4;
      }
    }
    const targets = opts.allCells ? cells.map(cellTarget) : [mainTarget(ctx)];
    const archived: Record<string, number> = {};
    let progress = opts.untilComplete && opts.verbose ? 'Archiving..' : '';
    let total = 0;
    for (const target of targets) {
      let limit: number;
      if (opts.untilComplete) limit = maxRows;
      else if (maxRows > total) limit = maxRows - total;
      else break;
      total += await withCell(ctx, target.connection, async (archive) => {
        let last = 0;
        for (;;) {
          const run = await archive.archiveDeletedRows({ maxRows: limit, before });
          last = run.total;
          for (const [table, n] of Object.entries(run.tables)) {
            const key = target.name ? `${target.name}.${table}` : table;
            archived[key] = (archived[key] ?? 0) + n;
          }
          if (run.instanceUuids.length > 0) await dropApiRecords(api!, run.instanceUuids, archived);
          if (!opts.untilComplete || Object.keys(run.tables).length === 0) break;
          if (opts.verbose) progress += '.';
          if (sleepMs > 0) await sleep(sleepMs);
        }
        return last;
      });
    }
    if (progress) ctx.out(`${progress}.complete`);
    const rows = Object.keys(archived).length > 0;
    if (opts.verbose) {
      if (rows) {
        const sorted = Object.entries(archived).sort(([a], [b]) => byCodePoint(a, b));
        ctx.out(
          prettyTable(
            ['Table', 'Number of Rows Archived'],
            sorted.map(([t, n]) => [t, String(n)]),
            'l',
          ),
        );
      } else {
        ctx.out('Nothing was archived.');
      }
    }
    if (rows && opts.purge) {
      if (opts.verbose) ctx.out('Rows were archived, running purge...');
      await purgeShadowRows(ctx, { all: true, verbose: opts.verbose, allCells: opts.allCells });
    }
    // NOTE(nova): 1 means "something was archived, run again", even with --until-complete.
    return rows ? 1 : 0;
  } finally {
    await api.close();
  }
}

/** Nova's cleanup of the API records of archived instances; the counts join the table. */
async function dropApiRecords(api: ApiDatabase, uuids: readonly string[], into: Record<string, number>) {
  const each = async (del: (u: string) => Promise<void>) => {
    for (const u of uuids) await del(u);
    return 0;
  };
  const mappings = api.instanceMappings.deleteMany
    ? await api.instanceMappings.deleteMany(uuids)
    : await each((u) => api.instanceMappings.delete(u));
  const specs = api.requestSpecs.deleteMany
    ? await api.requestSpecs.deleteMany(uuids)
    : await each((u) => api.requestSpecs.delete(u));
  into['API_DB.instance_mappings'] = (into['API_DB.instance_mappings'] ?? 0) + mappings;
  into['API_DB.request_specs'] = (into['API_DB.request_specs'] ?? 0) + specs;
  const members = await api.instanceGroups.destroyMembersBulk(uuids);
  into['API_DB.instance_group_member'] = (into['API_DB.instance_group_member'] ?? 0) + members;
}

export async function purge(ctx: ManageContext, opts: PurgeOptions): Promise<number> {
  if (opts.before === undefined && !opts.all) {
    ctx.out('Either --before or --all is required');
    return 1;
  }
  return purgeShadowRows(ctx, opts);
}

async function purgeShadowRows(
  ctx: ManageContext,
  opts: Omit<PurgeOptions, 'before'> & { before?: string },
): Promise<number> {
  let before: string | undefined;
  if (opts.before !== undefined) {
    try {
      before = parseBeforeDate(opts.before);
    } catch (err) {
      ctx.out(`Invalid value for --before: ${(err as Error).message}`);
      return 2;
    }
  }
  let targets: Target[];
  if (opts.allCells) {
    const apiUrl = ctx.config.opt('api_database', 'connection');
    try {
      if (!apiUrl) throw new Error('[api_database] connection is not set');
      const api = await ctx.openApi(apiUrl);
      try {
        targets = (await api.cellMappings.list()).map(cellTarget);
      } finally {
        await api.close();
      }
    } catch {
      ctx.out('Unable to get cell list from API DB. Is it configured?');
      return 4;
    }
  } else {
    targets = [mainTarget(ctx)];
  }
  let deleted = 0;
  for (const target of targets) {
    const onStatus = opts.verbose ? (m: string) => ctx.out(`${target.identity}: ${m}`) : undefined;
    deleted += await withCell(ctx, target.connection, (archive) =>
      archive.purgeShadowTables({ before, onStatus }),
    );
  }
  return deleted > 0 ? 0 : 3;
}
