/** POST/GET /servers, GET /servers/detail, GET/PUT/DELETE /servers/{id}: the routes of Nova's servers controller. */

import type { VmState } from '@novats/core';
import {
  InvalidInput,
  PolicyNotAuthorized,
  serverCreateBodySchemaFor,
  serverUpdateSchemaFor,
  statusToStates,
} from '@novats/core';
import { type CreateServerRequest, createServers } from '../../compute-orchestration/server-create.js';
import { deleteServer } from '../../compute-orchestration/server-delete.js';
import { getServer, listServers } from '../../compute-orchestration/server-query.js';
import { updateServer } from '../../compute-orchestration/server-update.js';
import type { ApiVersion } from './api-version.js';
import { nextLink, resourceLinks } from './links.js';
import { lastValue, parseBool, parseLimit } from './pagination.js';
import { isAllowed } from './policy.js';
import type { ComputeRoute, Query, RouteRequest } from './route-table.js';
import { serverDetail, serverSummary } from './views/server-view.js';

type CreateBody = {
  server: Record<string, any>;
  'os:scheduler_hints'?: Record<string, string | string[]>;
  'OS-SCH-HNT:scheduler_hints'?: Record<string, string | string[]>;
};

function toCreateRequest(body: CreateBody): CreateServerRequest {
  const s = body.server;
  const minCount = Number(s.min_count ?? 1);
  const maxCount = Number(s.max_count ?? minCount);
  if (!s.imageRef) throw new InvalidInput('Missing imageRef attribute');
  if (s.name.trim() === '') throw new InvalidInput('Invalid input for field/attribute name.');
  return {
    name: s.name,
    imageRef: String(s.imageRef),
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
    scheduler_hints: body['os:scheduler_hints'] ?? body['OS-SCH-HNT:scheduler_hints'],
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
  return {
    project_id: allTenants ? (tenant ?? null) : projectId,
    name: lastValue(q.name),
    vm_states: vmStates,
    host: isAdmin ? lastValue(q.host) : undefined,
    changes_since: isoTime(q, 'changes-since'),
    deleted: isAdmin ? parseBool(q.deleted) : undefined,
    marker: lastValue(q.marker),
  };
}

// NOTE(one-source): core's schemas, from which @novats/sdk derives its types.
const createBody = serverCreateBodySchemaFor;

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
  const found = await listServers(r.deps, r.ctx, { ...filters, limit });
  const view = { ctx: r.ctx, version: r.version, base: r.base };
  const servers = found.map((f) =>
    detail ? serverDetail(f.instance, f.fault, view) : serverSummary(f.instance, view),
  );
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
    summary: 'List servers (id, name, links)',
    handler: (r) => list(r, false),
  },
  {
    method: 'GET',
    path: '/servers/detail',
    policy: 'os_compute_api:servers:detail',
    summary: 'List servers with details',
    handler: (r) => list(r, true),
  },
  {
    method: 'GET',
    path: '/servers/:server_id',
    policy: 'os_compute_api:servers:show',
    summary: 'Show a server',
    async handler(r) {
      const found = await getServer(r.deps, r.ctx, r.params.server_id);
      return { body: { server: serverDetail(found.instance, found.fault, r.state) } };
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
      return { body: { server: serverDetail(found.instance, found.fault, r.state) } };
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
