/** POST/GET /servers, GET /servers/detail, GET/PUT/DELETE /servers/{id}: the routes of Nova's servers controller. */

import {
  type CellNotResponding,
  InvalidInput,
  isNovaError,
  serverCreateBodySchemaFor,
  serverListQuerySchema,
  serverUpdateSchemaFor,
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
import { lastValue, parseLimit } from './pagination.js';
import { isAllowed } from './policy.js';
import { type ComputeRoute, perVersion, type Query, type RouteRequest } from './route-table.js';
import { groupsFor } from './server-groups-view.js';
import { listFilters } from './server-list-filters.js';
import { serverDetail, serverSummary } from './views/server-view.js';
import { unavailableServerDetail, unavailableServerSummary } from './views/unavailable-server-view.js';

const CELL_NOT_RESPONDING = 'nova.cell.not_responding';

type CreateBody = {
  server: Record<string, any>;
  'os:scheduler_hints'?: Record<string, string | string[]>;
  'OS-SCH-HNT:scheduler_hints'?: Record<string, string | string[]>;
};

function toCreateRequest(body: CreateBody, v: ApiVersion): CreateServerRequest {
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
    supports_multiattach: v.atLeast(2, 60),
    // NOTE(schema): `host`/`hypervisor_hostname` pass the create schema from 2.74 only.
    host: s.host,
    hypervisor_hostname: s.hypervisor_hostname,
  };
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
  const allFilters = isAllowed(r.deps.policy, r.ctx, 'os_compute_api:servers:allow_all_filters', {
    project_id: r.ctx.project_id,
  });
  const filters = listFilters(q, allTenants, allFilters, r.ctx.project_id, r.version);
  if (!filters) return { body: { servers: [] } };
  const flavorId = lastValue(q.flavor);
  let flavorFilter: { instance_type_id?: number } = {};
  if (flavorId !== undefined) {
    // NOTE(nova): an unknown flavor matches no server (FlavorNotFound → an empty list).
    const flavor = await r.deps.api.flavors.getByFlavorId(flavorId).catch((err: unknown) => {
      if (isNovaError(err) && err.code === 'compute.flavor.not_found') return null;
      throw err;
    });
    if (!flavor) return { body: { servers: [] } };
    flavorFilter = { instance_type_id: flavor.id };
  }
  const { servers: found, downCells } = await listServersAcrossCells(r.deps, r.ctx, {
    ...filters,
    ...flavorFilter,
    limit,
  });
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

const LIST_FILTERS_DOC =
  '; users filter by reservation_id, name, status, image, flavor, ip, changes-since, ip6 (2.5), tags (2.26), changes-before (2.66), locked (2.73), availability_zone, config_drive, key_name, created_at, launched_at, terminated_at, power_state, task_state, vm_state, progress, user_id (2.83), hostname (2.90); `allow_all_filters` (admin) by all of them at every microversion, and host, deleted';

export const SERVERS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'POST',
    path: '/servers',
    policy: 'os_compute_api:servers:create',
    status: 202,
    summary:
      'Create one or more servers (`host`/`hypervisor_hostname` from 2.74 need `os_compute_api:servers:create:requested_destination`)',
    body: createBody,
    async handler(r) {
      const body = r.body as CreateBody;
      const created = await createServers(r.deps, r.ctx, toCreateRequest(body, r.version));
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
    summary: `List servers (id, name, links)${LIST_FILTERS_DOC}`,
    handler: (r) => list(r, false),
  },
  {
    method: 'GET',
    path: '/servers/detail',
    policy: 'os_compute_api:servers:detail',
    query: listQuery,
    summary: `List servers with details${LIST_FILTERS_DOC}`,
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
