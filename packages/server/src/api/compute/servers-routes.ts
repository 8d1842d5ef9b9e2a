/** POST/GET /servers, GET /servers/detail, GET/PUT/DELETE /servers/{id}: the routes of Nova's servers controller. */

import type { InstanceTagFilters, VmState } from '@novats/core';
import {
  ADMIN_ONLY_SORT_KEYS,
  type CellNotResponding,
  Forbidden,
  IGNORED_SORT_KEYS,
  InvalidInput,
  isNovaError,
  PolicyNotAuthorized,
  serverCreateBodySchemaFor,
  serverListQuerySchema,
  serverUpdateSchemaFor,
  statusToStates,
} from '@novats/core';
import { type CreateServerRequest, createServers } from '../../compute-orchestration/server-create.js';
import { deleteServer } from '../../compute-orchestration/server-delete.js';
import { getServer, listServersAcrossCells } from '../../compute-orchestration/server-query.js';
import { updateServer } from '../../compute-orchestration/server-update.js';
import {
  getUnavailableServer,
  unavailableServersOf,
} from '../../compute-orchestration/unavailable-servers.js';
import type { ApiVersion } from './api-version.js';
import { hostStatuses } from './host-status.js';
import { nextLink, resourceLinks } from './links.js';
import { lastValue, parseBool, parseLimit } from './pagination.js';
import { isAllowed } from './policy.js';
import { type ComputeRoute, perVersion, type Query, type RouteRequest } from './route-table.js';
import { groupsFor } from './server-groups-view.js';
import { serverDetail, serverSummary } from './views/server-view.js';
import { unavailableServerDetail, unavailableServerSummary } from './views/unavailable-server-view.js';

const CELL_NOT_RESPONDING = 'nova.cell.not_responding';

type CreateBody = {
  server: Record<string, any>;
  'os:scheduler_hints'?: Record<string, string | string[]>;
  'OS-SCH-HNT:scheduler_hints'?: Record<string, string | string[]>;
};

function toCreateRequest(body: CreateBody): CreateServerRequest {
  const s = body.server;
  const minCount = Number(s.min_count ?? 1);
  const maxCount = Number(s.max_count ?? minCount);
  // NOTE(nova): without imageRef the server boots from the volume of its block device mappings.
  const bootsFromMappings = Array.isArray(s.block_device_mapping_v2) && s.block_device_mapping_v2.length > 0;
  if (!s.imageRef && !bootsFromMappings) throw new InvalidInput('Missing imageRef attribute');
  if (s.name.trim() === '') throw new InvalidInput('Invalid input for field/attribute name.');
  return {
    name: s.name,
    imageRef: s.imageRef ? String(s.imageRef) : '',
    flavorRef: String(s.flavorRef),
    adminPass: s.adminPass,
    metadata: s.metadata,
    availability_zone: s.availability_zone,
    key_name: s.key_name,
    min_count: minCount,
    max_count: maxCount,
    user_data: s.user_data,
    description: s.description,
    accessIPv4: s.accessIPv4,
    accessIPv6: s.accessIPv6,
    config_drive: s.config_drive === true || s.config_drive === 'true' || s.config_drive === 'True',
    hostname: s.hostname,
    networks: s.networks,
    block_device_mapping_v2: s.block_device_mapping_v2,
    tags: s.tags,
    trusted_image_certificates: s.trusted_image_certificates ?? undefined,
    scheduler_hints: body['os:scheduler_hints'] ?? body['OS-SCH-HNT:scheduler_hints'],
    personality: s.personality,
  };
}

/** An ISO 8601 time query parameter, or 400 as Nova's `format: date-time` check answers. */
function isoTime(q: Query, name: string): string | undefined {
  const raw = lastValue(q[name]);
  if (raw === undefined) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i.test(raw);
  if (!ok || Number.isNaN(new Date(raw).getTime())) {
    throw new InvalidInput(
      `Invalid input for query parameters ${name}. Value: ${raw}. '${raw}' is not a 'date-time'`,
    );
  }
  return new Date(raw).toISOString();
}

/** The 2.73 `locked` filter: a strict boolean (Nova's `bool_from_string(strict=True)`), else 400. */
function lockedFilter(q: Query): boolean | undefined {
  const raw = lastValue(q.locked);
  if (raw === undefined) return undefined;
  const value = raw.toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(value)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(value)) return false;
  throw new InvalidInput(
    `Unrecognized value '${raw}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`,
  );
}

/** The 2.26 tag filters: each a comma-separated list of tags. */
function tagFilters(q: Query): InstanceTagFilters {
  const list = (name: string) =>
    lastValue(q[name])
      ?.split(',')
      .filter((t) => t !== '');
  return {
    tags: list('tags'),
    tags_any: list('tags-any'),
    not_tags: list('not-tags'),
    not_tags_any: list('not-tags-any'),
  };
}

function listFilters(q: Query, isAdmin: boolean, projectId: string | null, v: ApiVersion) {
  // NOTE(nova): a bare `all_tenants` means true; asking for it needs the get_all_tenants policy (admin).
  const raw = lastValue(q.all_tenants);
  const allTenants = raw !== undefined && (raw === '' || parseBool(raw) === true);
  if (allTenants && !isAdmin) {
    throw new PolicyNotAuthorized('os_compute_api:servers:index:get_all_tenants');
  }
  let vmStates: VmState[] | undefined;
  const statuses = q.status === undefined ? [] : [q.status].flat();
  if (statuses.length > 0) {
    const states = new Set<VmState>();
    for (const st of statuses) {
      const mapped = statusToStates(String(st));
      // NOTE(nova): an unknown status is an error from 2.38; before, it matches nothing.
      if (!mapped && v.atLeast(2, 38)) throw new InvalidInput('Invalid status value');
      if (!mapped) return null;
      for (const v of mapped.vm_states) states.add(v);
    }
    vmStates = [...states];
  }
  const tenant = lastValue(q.project_id) ?? lastValue(q.tenant_id);
  const since = isoTime(q, 'changes-since');
  const before = v.atLeast(2, 66) ? isoTime(q, 'changes-before') : undefined;
  if (since !== undefined && before !== undefined && since > before) {
    throw new InvalidInput('The value of changes-since must be less than or equal to changes-before.');
  }
  return {
    ...sortParams(q, isAdmin, v),
    changes_before: before,
    project_id: allTenants ? (tenant ?? null) : projectId,
    name: lastValue(q.name),
    vm_states: vmStates,
    host: isAdmin ? lastValue(q.host) : undefined,
    changes_since: since,
    deleted: isAdmin ? parseBool(q.deleted) : undefined,
    locked: v.atLeast(2, 73) ? lockedFilter(q) : undefined,
    ...(v.atLeast(2, 26) ? tagFilters(q) : {}),
    marker: lastValue(q.marker),
  };
}

/**
 * sort_key/sort_dir as Nova's `get_sort_params`: keys Nova ignores are
 * dropped with their direction, host and node are for admins (403), and
 * more directions than keys is 400.
 */
function sortParams(
  q: Query,
  isAdmin: boolean,
  v: ApiVersion,
): { sort_keys?: string[]; sort_dirs?: ('asc' | 'desc')[] } {
  const keys = q.sort_key === undefined ? [] : [q.sort_key].flat().map(String);
  const dirs = q.sort_dir === undefined ? [] : ([q.sort_dir].flat().map(String) as ('asc' | 'desc')[]);
  if (dirs.length > Math.max(keys.length, 1)) {
    throw new InvalidInput('Sort direction size exceeds sort key size');
  }
  const ignored = new Set<string>(IGNORED_SORT_KEYS);
  const kept: string[] = [];
  const keptDirs: ('asc' | 'desc')[] = [];
  keys.forEach((k, i) => {
    // NOTE(nova): `locked` became a real sort key at 2.73; before, it is one Nova ignores.
    if (ignored.has(k) && !(k === 'locked' && v.atLeast(2, 73))) return;
    if (ADMIN_ONLY_SORT_KEYS.has(k) && !isAdmin)
      throw new Forbidden(`Only administrators can sort servers by ${k}`);
    kept.push(k);
    if (dirs[i] !== undefined) keptDirs.push(dirs[i]);
  });
  if (kept.length === 0) return keys.length === 0 && dirs.length > 0 ? { sort_dirs: dirs } : {};
  return { sort_keys: kept, sort_dirs: keptDirs.length > 0 ? keptDirs : dirs.slice(0, 1) };
}

const listQuery = perVersion(serverListQuerySchema);

// NOTE(one-source): core's schemas, from which @novats/sdk derives its types.
const createBody = serverCreateBodySchemaFor;

/**
 * NOTE(nova): down-cell records (2.69) only answer a plain listing; with a
 * filter, sort or paging parameter (all_tenants aside) the down cells are
 * skipped, since nothing could be said of their servers' matching.
 */
function filtersOrPaging(q: Query): boolean {
  return Object.keys(q).some((k) => k !== 'all_tenants');
}

async function list(r: RouteRequest, detail: boolean): Promise<{ body: Record<string, unknown> }> {
  const q = r.query;
  const limit = parseLimit(q.limit, r.deps.maxLimit);
  const allTenants = isAllowed(
    r.deps.policy,
    r.ctx,
    `os_compute_api:servers:${detail ? 'detail' : 'index'}:get_all_tenants`,
    {
      project_id: r.ctx.project_id,
    },
  );
  const filters = listFilters(q, allTenants, r.ctx.project_id, r.version);
  if (!filters) return { body: { servers: [] } };
  const { servers: found, downCells } = await listServersAcrossCells(r.deps, r.ctx, { ...filters, limit });
  const unavailable =
    r.version.atLeast(2, 69) && !filtersOrPaging(q)
      ? await unavailableServersOf(r.deps, r.ctx, downCells, filters.project_id, limit - found.length)
      : [];
  const view = { ctx: r.ctx, version: r.version, base: r.base };
  const statuses = detail
    ? await hostStatuses(
        r.deps,
        r.ctx,
        r.version,
        found.map((f) => f.instance),
      )
    : undefined;
  const servers = [
    ...unavailable.map((u) =>
      detail ? unavailableServerDetail(u, view) : unavailableServerSummary(u, view),
    ),
    ...found.map((f) =>
      detail
        ? serverDetail(f.instance, f.fault, view, { hostStatus: statuses?.get(f.instance.uuid) })
        : serverSummary(f.instance, view),
    ),
  ];
  const body: Record<string, unknown> = { servers };
  if (found.length > 0 && found.length === limit) {
    body.servers_links = [
      nextLink(
        r.base,
        detail ? 'servers/detail' : 'servers',
        q,
        found[found.length - 1].instance.uuid,
        limit,
      ),
    ];
  }
  return { body };
}

export const SERVERS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'POST',
    path: '/servers',
    policy: 'os_compute_api:servers:create',
    status: 202,
    summary: 'Create one or more servers',
    body: createBody,
    async handler(r) {
      const body = r.body as CreateBody;
      const created = await createServers(r.deps, r.ctx, toCreateRequest(body));
      const rid = body.server.return_reservation_id;
      if (rid === true || rid === 'true' || rid === 'True') {
        return { body: { reservation_id: created.reservation_id } };
      }
      const first = created.instances[0];
      const links = resourceLinks(r.base, 'servers', first.uuid);
      return {
        headers: { Location: links[0].href },
        body: {
          server: {
            id: first.uuid,
            links,
            'OS-DCF:diskConfig': 'MANUAL',
            security_groups: [{ name: 'default' }],
            adminPass: created.adminPass,
          },
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/servers',
    policy: 'os_compute_api:servers:index',
    query: listQuery,
    summary: 'List servers (id, name, links)',
    handler: (r) => list(r, false),
  },
  {
    method: 'GET',
    path: '/servers/detail',
    policy: 'os_compute_api:servers:detail',
    query: listQuery,
    summary: 'List servers with details',
    handler: (r) => list(r, true),
  },
  {
    method: 'GET',
    path: '/servers/:server_id',
    policy: 'os_compute_api:servers:show',
    summary: 'Show a server',
    async handler(r) {
      const found = await getServer(r.deps, r.ctx, r.params.server_id).catch(async (err: unknown) => {
        // NOTE(dual-package): the error's code, not instanceof.
        if (!isNovaError(err) || err.code !== CELL_NOT_RESPONDING || !r.version.atLeast(2, 69)) throw err;
        return getUnavailableServer(r.deps, r.ctx, r.params.server_id, (err as CellNotResponding).cellUuid);
      });
      if (!('instance' in found)) {
        const serverGroups = await groupsFor(r, found.uuid);
        return { body: { server: unavailableServerDetail(found, r.state, { serverGroups }) } };
      }
      // NOTE(perf): the two reads are independent (cell services, API groups); overlap them.
      const [statuses, serverGroups] = await Promise.all([
        hostStatuses(r.deps, r.ctx, r.version, [found.instance]),
        groupsFor(r, found.instance.uuid),
      ]);
      return {
        body: {
          server: serverDetail(found.instance, found.fault, r.state, {
            serverGroups,
            hostStatus: statuses.get(found.instance.uuid),
          }),
        },
      };
    },
  },
  {
    method: 'PUT',
    path: '/servers/:server_id',
    policy: 'os_compute_api:servers:update',
    summary: 'Update name, description (2.19), hostname (2.90), access IPs',
    body: serverUpdateSchemaFor,
    async handler(r) {
      const s = (r.body as { server: Record<string, string | null> }).server;
      const found = await updateServer(r.deps, r.ctx, r.params.server_id, {
        ...(s.name !== undefined ? { display_name: s.name as string } : {}),
        ...(s.description !== undefined ? { display_description: s.description } : {}),
        ...(s.hostname !== undefined ? { hostname: s.hostname as string } : {}),
        ...(s.accessIPv4 !== undefined ? { access_ip_v4: s.accessIPv4 || null } : {}),
        ...(s.accessIPv6 !== undefined ? { access_ip_v6: s.accessIPv6 || null } : {}),
      });
      // NOTE(nova): from 2.75 PUT answers the whole server, as GET does; before, a partial one.
      const full = r.version.atLeast(2, 75);
      const statuses = full ? await hostStatuses(r.deps, r.ctx, r.version, [found.instance]) : undefined;
      return {
        body: {
          server: serverDetail(found.instance, found.fault, r.state, {
            partial: !full,
            serverGroups: await groupsFor(r, found.instance.uuid),
            hostStatus: statuses?.get(found.instance.uuid),
          }),
        },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/servers/:server_id',
    policy: 'os_compute_api:servers:delete',
    status: 204,
    summary: 'Delete a server (soft delete when reclaim_instance_interval > 0)',
    async handler(r) {
      await deleteServer(r.deps, r.ctx, r.params.server_id);
      return {};
    },
  },
];
