/**
 * GET /os-hypervisors, /os-hypervisors/detail and /os-hypervisors/{id}
 * (admin only): compute nodes of every cell with their service's state.
 * Ids are integers before 2.53 and uuids from 2.53, as in Nova.
 */

import type { ComputeNode, Service } from '@novats/core';
import { NotFound } from '@novats/core';
import type { FastifyInstance } from 'fastify';
import { isServiceUp } from '../../cells/service-liveness.js';
import type { ComputeApiDeps } from '../../compute-api/compute-api-deps.js';
import type { ApiVersion } from './api-version.js';
import { requireAdmin } from './policy.js';
import { stateOf } from './request-state.js';

interface NodeWithService {
  readonly node: ComputeNode;
  readonly service: Service | undefined;
}

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
    });
  } else {
    out.uptime = null;
  }
  out.cpu_info = v.atLeast(2, 28) ? safeJson(node.cpu_info) : node.cpu_info;
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function hypervisorsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  app.get('/os-hypervisors', async (req) => {
    const s = stateOf(req);
    requireAdmin(s.ctx, 'os_compute_api:os-hypervisors:list');
    return { hypervisors: (await allNodes(deps)).map((n) => summary(deps, n, s.version)) };
  });
  app.get('/os-hypervisors/detail', async (req) => {
    const s = stateOf(req);
    requireAdmin(s.ctx, 'os_compute_api:os-hypervisors:list-detail');
    return { hypervisors: (await allNodes(deps)).map((n) => detail(deps, n, s.version)) };
  });
  app.get('/os-hypervisors/:id', async (req) => {
    const s = stateOf(req);
    requireAdmin(s.ctx, 'os_compute_api:os-hypervisors:show');
    const id = (req.params as { id: string }).id;
    const match = (await allNodes(deps)).find((n) =>
      s.version.atLeast(2, 53) ? n.node.uuid === id : String(legacyId(n.node.uuid)) === id,
    );
    if (!match) throw new NotFound(`Hypervisor with ID '${id}' could not be found.`);
    return { hypervisor: detail(deps, match, s.version) };
  });
}
