/**
 * /os-hosts (Nova's hosts controller, removed at 2.43: every route is 404
 * from 2.43 on): the services' hosts with their zones, a host's resources
 * (total, used now, used max, per project), enable/disable (the host's
 * compute service) and maintenance mode, and the host power actions, which
 * the fake driver takes as Nova's fake driver does (no effect).
 */
import type { Instance } from '@novats/core';
import { ComputeHostNotFound, InvalidInput } from '@novats/core';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { COMPUTE_BINARY, ServicesApi } from '../../compute-orchestration/services-api.js';
import { lastValue } from './pagination.js';
import type { ComputeRoute } from './route-table.js';

const POLICY = 'os_compute_api:os-hosts';
const range = { max: '2.42' } as const;

async function computeHost(deps: ComputeApiDeps, host: string) {
  const found = (await new ServicesApi(deps).list({ host, binary: COMPUTE_BINARY }))[0];
  if (!found) throw new ComputeHostNotFound(host);
  return found;
}

function resource(host: string, project: string, cpu: number, memory: number, disk: number) {
  return { resource: { host, project, cpu, memory_mb: memory, disk_gb: disk } };
}

function powerAction(action: 'reboot' | 'shutdown' | 'startup'): ComputeRoute {
  return {
    ...range,
    method: 'GET',
    path: `/os-hosts/:host_name/${action}`,
    policy: `${POLICY}:${action === 'startup' ? 'start' : action}`,
    summary: `Host power action ${action} (no effect on fake hosts)`,
    async handler(r) {
      await computeHost(r.deps, r.params.host_name);
      return { body: { host: r.params.host_name, power_action: action } };
    },
  };
}

const MODE = { type: 'string', enum: ['enable', 'disable', 'Enable', 'Disable', 'ENABLE', 'DISABLE'] };

export const HOSTS_ROUTES: readonly ComputeRoute[] = [
  {
    ...range,
    method: 'GET',
    path: '/os-hosts',
    policy: `${POLICY}:list`,
    summary: 'Hosts of every service with their zones (zone filter)',
    async handler(r) {
      const zone = lastValue(r.query.zone);
      const services = await new ServicesApi(r.deps).list();
      const hosts = services
        .map((s) => ({
          host_name: s.service.host,
          service: s.service.topic ?? s.service.binary,
          zone: s.zone,
        }))
        .filter((h) => zone === undefined || h.zone === zone);
      return { body: { hosts } };
    },
  },
  {
    ...range,
    method: 'GET',
    path: '/os-hosts/:host_name',
    policy: `${POLICY}:show`,
    summary: "A host's resources: total, used now, used max, per project",
    async handler(r) {
      const host = r.params.host_name;
      const { db } = await computeHost(r.deps, host);
      const nodes = await db.computeNodes.list({ host });
      const sum = (f: (n: (typeof nodes)[number]) => number) => nodes.reduce((a, n) => a + f(n), 0);
      const instances: Instance[] = await db.instances.list({ project_id: null, host });
      const byProject = new Map<string, { cpu: number; mem: number; disk: number }>();
      for (const i of instances) {
        const p = byProject.get(i.project_id) ?? { cpu: 0, mem: 0, disk: 0 };
        byProject.set(i.project_id, {
          cpu: p.cpu + i.flavor.vcpus,
          mem: p.mem + i.flavor.memory_mb,
          disk: p.disk + i.flavor.root_gb + i.flavor.ephemeral_gb,
        });
      }
      const max = [...byProject.values()].reduce(
        (a, p) => ({ cpu: a.cpu + p.cpu, mem: a.mem + p.mem, disk: a.disk + p.disk }),
        { cpu: 0, mem: 0, disk: 0 },
      );
      return {
        body: {
          host: [
            resource(
              host,
              '(total)',
              sum((n) => n.vcpus),
              sum((n) => n.memory_mb),
              sum((n) => n.local_gb),
            ),
            resource(
              host,
              '(used_now)',
              sum((n) => n.vcpus_used),
              sum((n) => n.memory_mb_used),
              sum((n) => n.local_gb_used),
            ),
            resource(host, '(used_max)', max.cpu, max.mem, max.disk),
            ...[...byProject].map(([project, p]) => resource(host, project, p.cpu, p.mem, p.disk)),
          ],
        },
      };
    },
  },
  {
    ...range,
    method: 'PUT',
    path: '/os-hosts/:host_name',
    policy: `${POLICY}:update`,
    summary: "Enable/disable a host's compute service; maintenance mode",
    body: () => ({
      type: 'object',
      properties: { status: MODE, maintenance_mode: MODE },
      minProperties: 1,
      additionalProperties: false,
    }),
    async handler(r) {
      const host = r.params.host_name;
      const b = r.body as { status?: string; maintenance_mode?: string };
      const located = await computeHost(r.deps, host);
      const body: Record<string, string> = { host };
      if (b.status !== undefined) {
        const disabled = b.status.toLowerCase() === 'disable';
        await new ServicesApi(r.deps).update(r.ctx, located, { disabled });
        body.status = disabled ? 'disabled' : 'enabled';
      }
      if (b.maintenance_mode !== undefined) {
        // NOTE(nova): only the driver acts on maintenance mode; the fake one answers without effect.
        body.maintenance_mode =
          b.maintenance_mode.toLowerCase() === 'enable' ? 'on_maintenance' : 'off_maintenance';
      }
      if (Object.keys(body).length === 1) throw new InvalidInput('Invalid update setting');
      return { body };
    },
  },
  powerAction('reboot'),
  powerAction('shutdown'),
  powerAction('startup'),
];
