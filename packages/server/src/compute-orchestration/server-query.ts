/**
 * Finding servers wherever they live: a build request while scheduling, a
 * row in a cell database afterwards (cell0 for those that failed to
 * schedule). The instance mapping in the API database says where to look.
 */
import type { Instance, InstanceFault, InstanceListQuery, RequestContext } from '@novats/core';
import {
  CellNotResponding,
  InstanceNotFound,
  InvalidInput,
  instanceRegexMatcher,
  isNovaError,
  matchesTagFilters,
} from '@novats/core';
import { CellPlacementCache } from './cell-placement-cache.js';
import type { ComputeApiDeps } from './compute-api-deps.js';

export interface FoundServer {
  readonly instance: Instance;
  readonly fault: InstanceFault | undefined;
  /** Null while it is only a build request. */
  readonly cell_uuid: string | null;
}

/** Whether the caller may see a server of this project (admins see all). */
export function visible(ctx: RequestContext, instance: { project_id: string }): boolean {
  return ctx.is_admin || instance.project_id === ctx.project_id;
}

/** The instance's project and cell, from the cache once its mapping named a cell (see CellPlacementCache). */
async function placementOf(
  deps: ComputeApiDeps,
  uuid: string,
): Promise<{ project_id: string; cell_uuid: string | null } | null> {
  const cache = CellPlacementCache.of(deps.api);
  const known = cache.get(uuid);
  if (known) return known;
  const mapping = await deps.api.instanceMappings.get(uuid);
  if (mapping?.cell_uuid)
    cache.remember(uuid, { project_id: mapping.project_id, cell_uuid: mapping.cell_uuid });
  return mapping;
}

/** Resolves the server or throws InstanceNotFound (also for other projects' servers). */
export async function getServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
): Promise<FoundServer> {
  const mapping = await placementOf(deps, uuid);
  if (!mapping || !visible(ctx, mapping)) throw new InstanceNotFound(uuid);
  if (mapping.cell_uuid === null) {
    const br = await deps.api.buildRequests.get(uuid);
    if (br) return { instance: br.instance, fault: undefined, cell_uuid: null };
    // NOTE(race): the conductor moved it to a cell between our two reads.
    const again = await deps.api.instanceMappings.get(uuid);
    if (!again?.cell_uuid) throw new InstanceNotFound(uuid);
    return getFromCell(deps, again.cell_uuid, uuid);
  }
  return getFromCell(deps, mapping.cell_uuid, uuid);
}

/**
 * A failure of the cell itself (its database unreachable or erring), as
 * opposed to an answer about the instance: Nova's failure sentinel.
 */
function isCellFailure(err: unknown): boolean {
  return !isNovaError(err) || err.status >= 500;
}

async function getFromCell(deps: ComputeApiDeps, cellUuid: string, uuid: string): Promise<FoundServer> {
  let instance: Instance | null;
  let fault: InstanceFault | undefined;
  try {
    const cell = await deps.cells.get(cellUuid);
    instance = await cell.instances.get(uuid);
    const faults = instance?.vm_state === 'error' ? await cell.instances.latestFaults([uuid]) : undefined;
    fault = faults?.get(uuid);
  } catch (err) {
    if (isCellFailure(err)) throw new CellNotResponding(cellUuid);
    throw err;
  }
  if (!instance) throw new InstanceNotFound(uuid);
  return { instance, fault, cell_uuid: cellUuid };
}

export interface ServerListQuery extends InstanceListQuery {
  readonly limit: number;
}

type Row = { instance: Instance; fault: InstanceFault | undefined };

function sortValue(i: Instance, key: string): string | number | boolean | null {
  if (key === 'instance_type_id') return i.flavor.id;
  const v = (i as unknown as Record<string, unknown>)[key];
  return v === undefined ? null : (v as string | number | boolean | null);
}

/** Orders merged rows as each cell ordered its own: by the keys, then uuid; nulls first ascending (MySQL's order). */
function comparator(keys: readonly string[], dirs: readonly ('asc' | 'desc')[]): (a: Row, b: Row) => number {
  const all = keys.includes('uuid') ? keys : [...keys, 'uuid'];
  return (a, b) => {
    for (let k = 0; k < all.length; k++) {
      const dir = (dirs[k] ?? dirs[0] ?? 'desc') === 'asc' ? 1 : -1;
      const x = sortValue(a.instance, all[k]);
      const y = sortValue(b.instance, all[k]);
      if (x === y) continue;
      if (x === null) return -dir;
      if (y === null) return dir;
      return (x < y ? -1 : 1) * dir;
    }
    return 0;
  };
}

/**
 * Lists servers from build requests and every cell, merged in created_at desc
 * order (Nova's default sort), then paged by limit and marker. A cell that
 * does not answer is skipped (Nova's `[api] list_records_by_skipping_down_cells`
 * default).
 */
export async function listServers(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  query: ServerListQuery,
): Promise<Row[]> {
  return (await listServersAcrossCells(deps, ctx, query)).servers;
}

/**
 * listServers, and the uuids of the cells that did not answer (from 2.69
 * the API shows their servers from the API database: unavailable-servers.ts).
 */
export async function listServersAcrossCells(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  query: ServerListQuery,
): Promise<{ servers: Row[]; downCells: string[] }> {
  const down: string[] = [];
  const { limit, marker, sort_keys: sortKeys, sort_dirs: sortDirs, ...filters } = query;
  const keys = sortKeys?.length ? sortKeys : ['created_at', 'uuid'];
  const dirs: readonly ('asc' | 'desc')[] = sortDirs?.length ? sortDirs : ['desc', 'desc'];
  const perSource = marker ? undefined : limit;
  const sources: Promise<{ instance: Instance; fault: InstanceFault | undefined }[]>[] = [];
  const buildStates = !filters.vm_states || filters.vm_states.includes('building');
  // NOTE(nova): build requests have no addresses yet: an ip/ip6 filter skips them.
  const byIp = filters.ip !== undefined || filters.ip6 !== undefined;
  const regexMatch = instanceRegexMatcher({ regex: filters.regex }, { skipEmpty: true });
  if (buildStates && !filters.host && !filters.deleted && !byIp) {
    sources.push(
      deps.api.buildRequests.list({ project_id: filters.project_id ?? null }).then((brs) =>
        brs
          .map((b) => b.instance)
          .filter(
            (i) =>
              matchesName(i, filters.name) &&
              (!filters.uuids || filters.uuids.includes(i.uuid)) &&
              (filters.locked === undefined || i.locked === filters.locked) &&
              (!filters.user_id || i.user_id === filters.user_id) &&
              (filters.image_ref === undefined || i.image_ref === filters.image_ref) &&
              (filters.instance_type_id === undefined || i.flavor.id === filters.instance_type_id) &&
              (!filters.task_states || filters.task_states.includes(i.task_state)) &&
              regexMatch(i) &&
              matchesTagFilters(i.tags, filters),
          )
          .map((instance) => ({ instance, fault: undefined })),
      ),
    );
  }
  for (const { mapping, db } of await deps.cells.allSettled({ includeCell0: true })) {
    if (!db) {
      down.push(mapping.uuid);
      continue;
    }
    sources.push(
      db.instances
        .list({
          ...filters,
          limit: perSource,
          sort_keys: keys,
          sort_dirs: keys.map((_, k) => dirs[k] ?? dirs[0]),
        })
        .then(async (list) => {
          CellPlacementCache.of(deps.api).rememberListed(mapping.uuid, list);
          const errored = list.filter((i) => i.vm_state === 'error').map((i) => i.uuid);
          const faults = errored.length
            ? await db.instances.latestFaults(errored)
            : new Map<string, InstanceFault>();
          return list.map((instance) => ({ instance, fault: faults.get(instance.uuid) }));
        })
        .catch((err: unknown): Row[] => {
          if (!isCellFailure(err)) throw err;
          down.push(mapping.uuid);
          return [];
        }),
    );
  }
  const merged = (await Promise.all(sources)).flat();
  const seen = new Set<string>();
  const unique = merged.filter((s) => {
    if (seen.has(s.instance.uuid)) return false;
    seen.add(s.instance.uuid);
    return true;
  });
  unique.sort(comparator(keys, dirs));
  let start = 0;
  if (marker) {
    const at = unique.findIndex((s) => s.instance.uuid === marker);
    if (at < 0) throw new InvalidInput(`marker [${marker}] not found`);
    start = at + 1;
  }
  const servers = unique.slice(start, start + limit).filter((s) => visible(ctx, s.instance));
  return { servers, downCells: down };
}

function matchesName(instance: Instance, pattern: string | undefined): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(pattern).test(instance.display_name);
  } catch {
    return instance.display_name.includes(pattern);
  }
}
