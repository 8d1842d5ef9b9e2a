/**
 * /os-hypervisors (admin only): list, detail, show; statistics and uptime
 * up to 2.87; search and servers up to 2.52 (from 2.53 `with_servers` and
 * `hypervisor_hostname_pattern` on the lists). Compute nodes of every cell
 * with their service's state. Ids are integers before 2.53 and uuids from
 * 2.53; limit/marker from 2.33, as in Nova.
 */

import type { ComputeNode, Service } from '@novats/core';
import { InvalidInput, NotFound } from '@novats/core';
import { isServiceUp } from '../../cells/service-liveness.js';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import type { ApiVersion } from './api-version.js';
import { nextLink } from './links.js';
import { lastValue, parseBool, parseLimit } from './pagination.js';
import type { ComputeRoute, RouteRequest } from './route-table.js';

interface NodeWithService {
  readonly node: ComputeNode;
  readonly service: Service | undefined;
}

/**
 * NOTE(fake): the VirtDriver port has no host uptime yet; hosts answer what
 * Nova's fake driver does (clients parse it as `uptime` output).
 */
const FAKE_UPTIME = ' 08:32:11 up 93 days, 18:25, 12 users,  load average: 0.20, 0.12, 0.14';

/** A stable positive integer for pre-2.53 clients, derived from the uuid. */
export function legacyId(uuid: string): number {
  return Number.parseInt(uuid.replace(/-/g, '').slice(0, 7), 16);
}

async function allNodes(deps: ComputeApiDeps): Promise<NodeWithService[]> {
  const out: NodeWithService[] = [];
  for (const { db } of await deps.cells.all()) {
    const [nodes, services] = await Promise.all([
      db.computeNodes.list(),
      db.services.list({ binary: 'nova-compute' }),
    ]);
    const byHost = new Map(services.map((s) => [s.host, s]));
    for (const node of nodes) out.push({ node, service: byHost.get(node.host) });
  }
  out.sort((a, b) => a.node.hypervisor_hostname.localeCompare(b.node.hypervisor_hostname));
  return out;
}

function isUp(deps: ComputeApiDeps, service: Service | undefined): boolean {
  return isServiceUp(service, deps.clock, deps.serviceDownTime);
}

function summary(deps: ComputeApiDeps, n: NodeWithService, v: ApiVersion): Record<string, unknown> {
  return {
    id: v.atLeast(2, 53) ? n.node.uuid : legacyId(n.node.uuid),
    hypervisor_hostname: n.node.hypervisor_hostname,
    state: isUp(deps, n.service) ? 'up' : 'down',
    status: n.service?.disabled ? 'disabled' : 'enabled',
  };
}

function detail(deps: ComputeApiDeps, n: NodeWithService, v: ApiVersion): Record<string, unknown> {
  const { node, service } = n;
  const out: Record<string, unknown> = {
    ...summary(deps, n, v),
    hypervisor_type: node.hypervisor_type,
    hypervisor_version: node.hypervisor_version,
    host_ip: node.host_ip,
    service: {
      host: node.host,
      id: v.atLeast(2, 53) ? service?.uuid : service?.id,
      disabled_reason: service?.disabled_reason ?? null,
    },
  };
  if (!v.atLeast(2, 88)) {
    Object.assign(out, {
      vcpus: node.vcpus,
      memory_mb: node.memory_mb,
      local_gb: node.local_gb,
      vcpus_used: node.vcpus_used,
      memory_mb_used: node.memory_mb_used,
      local_gb_used: node.local_gb_used,
      free_ram_mb: node.free_ram_mb,
      free_disk_gb: node.free_disk_gb,
      current_workload: node.current_workload,
      running_vms: node.running_vms,
      disk_available_least: node.disk_available_least,
      // NOTE(nova): cpu_info went with the other stats fields at 2.88.
      cpu_info: v.atLeast(2, 28) ? safeJson(node.cpu_info) : node.cpu_info,
    });
  } else {
    out.uptime = FAKE_UPTIME;
  }
  return out;
}

/** From 2.28 cpu_info is an object; a driver's text that is not a JSON object shows as `{}` (clients read it as a dict). */
function safeJson(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function idOf(n: NodeWithService, v: ApiVersion): string {
  return v.atLeast(2, 53) ? n.node.uuid : String(legacyId(n.node.uuid));
}

async function findNode(r: RouteRequest): Promise<NodeWithService> {
  const id = r.params.id;
  if (r.version.atLeast(2, 53) && !/^[0-9a-f-]{36}$/i.test(id)) throw new InvalidInput(`Invalid uuid ${id}`);
  const match = (await allNodes(r.deps)).find((n) => idOf(n, r.version) === id);
  if (!match) throw new NotFound(`Hypervisor with ID '${id}' could not be found.`);
  return match;
}

/** NOTE(nova): an empty `servers` list is left out before 2.75 and shown from 2.75. */
function withServerList(view: Record<string, unknown>, servers: readonly object[], v: ApiVersion): void {
  if (servers.length > 0 || v.atLeast(2, 75)) view.servers = servers;
}

/** Servers on a node, as the hypervisor views list them. */
async function serversOn(r: RouteRequest, n: NodeWithService): Promise<{ uuid: string; name: string }[]> {
  const out: { uuid: string; name: string }[] = [];
  for (const { db } of await r.deps.cells.all()) {
    for (const i of await db.instances.list({ host: n.node.host, project_id: null })) {
      if (i.node === n.node.hypervisor_hostname)
        out.push({ uuid: i.uuid, name: `instance-${i.uuid.replace(/-/g, '').slice(-8)}` });
    }
  }
  return out;
}

async function listHypervisors(r: RouteRequest, detailed: boolean, path: string) {
  const q = r.query;
  const v = r.version;
  let nodes = await allNodes(r.deps);
  const pattern = v.atLeast(2, 53) ? lastValue(q.hypervisor_hostname_pattern) : undefined;
  if (pattern !== undefined) {
    nodes = nodes.filter((n) => n.node.hypervisor_hostname.includes(pattern));
    if (nodes.length === 0) throw new NotFound(`No hypervisor matching '${pattern}' could be found.`);
  }
  let limit: number | undefined;
  if (v.atLeast(2, 33)) {
    const marker = lastValue(q.marker);
    if (marker !== undefined) {
      const at = nodes.findIndex((n) => idOf(n, v) === marker);
      if (at < 0) throw new InvalidInput(`marker [${marker}] not found`);
      nodes = nodes.slice(at + 1);
    }
    if (q.limit !== undefined) {
      limit = parseLimit(q.limit, r.deps.maxLimit);
      nodes = nodes.slice(0, limit);
    }
  }
  const withServers = v.atLeast(2, 53) && parseBool(q.with_servers) === true;
  const hypervisors = [];
  for (const n of nodes) {
    const view = detailed ? detail(r.deps, n, v) : summary(r.deps, n, v);
    if (withServers) withServerList(view, await serversOn(r, n), v);
    hypervisors.push(view);
  }
  const body: Record<string, unknown> = { hypervisors };
  if (limit !== undefined && nodes.length === limit && limit > 0) {
    body.hypervisors_links = [nextLink(r.base, path, q, idOf(nodes[nodes.length - 1], v), limit)];
  }
  return { body };
}

const LIST_QUERY = (v: ApiVersion) =>
  v.atLeast(2, 53)
    ? {
        type: 'object',
        properties: {
          limit: { type: 'array' },
          marker: { type: 'array' },
          hypervisor_hostname_pattern: { type: 'array' },
          with_servers: { type: 'array' },
        },
        additionalProperties: false,
      }
    : undefined;

export const HYPERVISORS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/os-hypervisors',
    policy: 'os_compute_api:os-hypervisors:list',
    summary: 'List hypervisors (limit/marker 2.33; uuid ids, pattern, with_servers 2.53)',
    query: LIST_QUERY,
    handler: (r) => listHypervisors(r, false, 'os-hypervisors'),
  },
  {
    method: 'GET',
    path: '/os-hypervisors/detail',
    policy: 'os_compute_api:os-hypervisors:list-detail',
    summary: 'List hypervisors with details (stats dropped and uptime added in 2.88)',
    query: LIST_QUERY,
    handler: (r) => listHypervisors(r, true, 'os-hypervisors/detail'),
  },
  {
    method: 'GET',
    path: '/os-hypervisors/statistics',
    max: '2.87',
    policy: 'os_compute_api:os-hypervisors:statistics',
    summary: 'Totals over every hypervisor',
    async handler(r) {
      const nodes = await allNodes(r.deps);
      const sum = (f: (n: ComputeNode) => number | null) =>
        nodes.reduce((a, n) => a + Number(f(n.node) ?? 0), 0);
      return {
        body: {
          hypervisor_statistics: {
            count: nodes.length,
            vcpus: sum((n) => n.vcpus),
            memory_mb: sum((n) => n.memory_mb),
            local_gb: sum((n) => n.local_gb),
            vcpus_used: sum((n) => n.vcpus_used),
            memory_mb_used: sum((n) => n.memory_mb_used),
            local_gb_used: sum((n) => n.local_gb_used),
            free_ram_mb: sum((n) => n.free_ram_mb),
            free_disk_gb: sum((n) => n.free_disk_gb),
            current_workload: sum((n) => n.current_workload),
            running_vms: sum((n) => n.running_vms),
            disk_available_least: sum((n) => n.disk_available_least),
          },
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/os-hypervisors/:id',
    policy: 'os_compute_api:os-hypervisors:show',
    summary: 'Show a hypervisor (with_servers 2.53)',
    async handler(r) {
      const n = await findNode(r);
      const view = detail(r.deps, n, r.version);
      if (r.version.atLeast(2, 53) && parseBool(r.query.with_servers) === true)
        withServerList(view, await serversOn(r, n), r.version);
      return { body: { hypervisor: view } };
    },
  },
  {
    method: 'GET',
    path: '/os-hypervisors/:id/uptime',
    max: '2.87',
    policy: 'os_compute_api:os-hypervisors:uptime',
    summary: "A hypervisor's uptime (a fixed fake-driver string)",
    async handler(r) {
      const n = await findNode(r);
      return { body: { hypervisor: { ...summary(r.deps, n, r.version), uptime: FAKE_UPTIME } } };
    },
  },
  {
    method: 'GET',
    path: '/os-hypervisors/:id/search',
    max: '2.52',
    policy: 'os_compute_api:os-hypervisors:search',
    summary: 'Hypervisors whose name contains the pattern',
    async handler(r) {
      const found = (await allNodes(r.deps)).filter((n) => n.node.hypervisor_hostname.includes(r.params.id));
      if (found.length === 0) throw new NotFound(`No hypervisor matching '${r.params.id}' could be found.`);
      return { body: { hypervisors: found.map((n) => summary(r.deps, n, r.version)) } };
    },
  },
  {
    method: 'GET',
    path: '/os-hypervisors/:id/servers',
    max: '2.52',
    policy: 'os_compute_api:os-hypervisors:servers',
    summary: 'Hypervisors whose name contains the pattern, with their servers',
    async handler(r) {
      const found = (await allNodes(r.deps)).filter((n) => n.node.hypervisor_hostname.includes(r.params.id));
      if (found.length === 0) throw new NotFound(`No hypervisor matching '${r.params.id}' could be found.`);
      const hypervisors = [];
      for (const n of found) {
        const servers = await serversOn(r, n);
        hypervisors.push({ ...summary(r.deps, n, r.version), ...(servers.length ? { servers } : {}) });
      }
      return { body: { hypervisors } };
    },
  },
];
