/**
 * Read-mostly sub-resources of a server: ips (by network label),
 * os-server-password (the guest's encrypted password; DELETE clears it),
 * diagnostics (admin; Nova's 2.48 standard format from the driver),
 * topology (2.78; the fake driver has no NUMA, so no nodes) and the
 * server's security groups (the fake network's names).
 */
import { InstanceNotReady, NotFound } from '@novats/core';
import { cellOf, requireCapability } from '../../compute-orchestration/server-action-start.js';
import { getServer } from '../../compute-orchestration/server-query.js';
import type { ComputeRoute } from './route-table.js';

function addressesOf(instance: { addresses: readonly { network: string; addr: string; version: number }[] }) {
  const out: Record<string, { addr: string; version: number }[]> = {};
  for (const a of instance.addresses) {
    out[a.network] ??= [];
    out[a.network].push({ version: a.version, addr: a.addr });
  }
  return out;
}

export const SERVER_INFO_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/servers/:server_id/ips',
    policy: 'os_compute_api:ips:index',
    summary: "A server's addresses by network label",
    async handler(r) {
      return {
        body: { addresses: addressesOf((await getServer(r.deps, r.ctx, r.params.server_id)).instance) },
      };
    },
  },
  {
    method: 'GET',
    path: '/servers/:server_id/ips/:network',
    policy: 'os_compute_api:ips:show',
    summary: 'Addresses on one network',
    async handler(r) {
      const all = addressesOf((await getServer(r.deps, r.ctx, r.params.server_id)).instance);
      if (!Object.hasOwn(all, r.params.network))
        throw new NotFound('Instance is not a member of specified network');
      return { body: { [r.params.network]: all[r.params.network] } };
    },
  },
  {
    method: 'GET',
    path: '/servers/:server_id/os-server-password',
    policy: 'os_compute_api:os-server-password:show',
    summary: 'The password the guest posted (empty when none)',
    async handler(r) {
      const found = await getServer(r.deps, r.ctx, r.params.server_id);
      return { body: { password: found.instance.system_metadata?.password ?? '' } };
    },
  },
  {
    method: 'DELETE',
    path: '/servers/:server_id/os-server-password',
    policy: 'os_compute_api:os-server-password:clear',
    status: 204,
    summary: 'Clear the posted password',
    async handler(r) {
      const found = await getServer(r.deps, r.ctx, r.params.server_id);
      const { cell } = await cellOf(r.deps, found);
      const { password: _gone, ...rest } = found.instance.system_metadata ?? {};
      const updated = await cell.instances.update(r.params.server_id, { system_metadata: rest });
      await r.deps.instanceUpdates?.saved(r.ctx, found.instance, updated);
      return {};
    },
  },
  {
    method: 'GET',
    path: '/servers/:server_id/diagnostics',
    policy: 'os_compute_api:os-server-diagnostics',
    summary: "The hypervisor's diagnostics of the guest (standard format from 2.48)",
    async handler(r) {
      const found = await getServer(r.deps, r.ctx, r.params.server_id);
      const host = found.instance.host;
      if (!host) throw new InstanceNotReady(r.params.server_id);
      await requireCapability(r.deps, r.ctx, host, 'supports_diagnostics');
      const d = await r.deps.compute.getDiagnostics(r.ctx, host, found.instance);
      if (r.version.atLeast(2, 48)) return { body: d };
      // NOTE(nova): before 2.48 the body is driver specific; libvirt's flat keys are the common shape.
      return {
        body: {
          state: d.state,
          memory: d.memory_details.maximum * 1024,
          ...Object.fromEntries(d.cpu_details.map((c) => [`cpu${c.id}_time`, c.time])),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/servers/:server_id/topology',
    min: '2.78',
    policy: 'compute:server:topology:index',
    summary: 'NUMA topology (none on the fake driver)',
    async handler(r) {
      await getServer(r.deps, r.ctx, r.params.server_id);
      return { body: { nodes: [], pagesize_kb: null } };
    },
  },
  {
    method: 'GET',
    path: '/servers/:server_id/os-security-groups',
    policy: 'os_compute_api:os-security-groups:list',
    summary: "A server's security groups (fake network: names only)",
    async handler(r) {
      const found = await getServer(r.deps, r.ctx, r.params.server_id);
      return {
        body: {
          security_groups: (found.instance.security_groups ?? ['default']).map((name) => ({
            id: name,
            name,
            description: name,
            tenant_id: found.instance.project_id,
            rules: [],
          })),
        },
      };
    },
  },
];
