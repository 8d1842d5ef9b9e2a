/**
 * os-flavor-access (admin): GET /flavors/{id}/os-flavor-access and the
 * addTenantAccess / removeTenantAccess actions on /flavors/{id}/action.
 * From 2.7 adding access to a public flavor is 409, as in Nova.
 */
import { Conflict, InvalidInput } from '@novats/core';
import type { ComputeRoute, RouteRequest } from './route-table.js';
import { admit } from './route-table.js';

const tenantBody = (key: string) => ({
  type: 'object',
  properties: {
    [key]: {
      type: 'object',
      properties: { tenant: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9_.-]+$' } },
      required: ['tenant'],
      additionalProperties: false,
    },
  },
  required: [key],
  additionalProperties: false,
});

async function accessList(r: Pick<RouteRequest, 'deps'>, flavorid: string) {
  const projects = await r.deps.api.flavors.listProjectAccess(flavorid);
  return { flavor_access: projects.map((tenant_id) => ({ flavor_id: flavorid, tenant_id })) };
}

/** The flavor actions, by body key (each with its own rule). */
const FLAVOR_ACTIONS = {
  addTenantAccess: {
    policy: 'os_compute_api:os-flavor-access:add_tenant_access',
    body: () => tenantBody('addTenantAccess'),
    async run(r: RouteRequest, flavorid: string) {
      const flavor = await r.deps.api.flavors.getByFlavorId(flavorid);
      if (flavor.is_public && r.version.atLeast(2, 7)) {
        throw new Conflict('Can not add access to a public flavor.');
      }
      await r.deps.api.flavors.addProjectAccess(flavorid, r.body.addTenantAccess.tenant);
    },
  },
  removeTenantAccess: {
    policy: 'os_compute_api:os-flavor-access:remove_tenant_access',
    body: () => tenantBody('removeTenantAccess'),
    async run(r: RouteRequest, flavorid: string) {
      await r.deps.api.flavors.getByFlavorId(flavorid);
      await r.deps.api.flavors.removeProjectAccess(flavorid, r.body.removeTenantAccess.tenant);
    },
  },
} as const;

export const FLAVOR_ACCESS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/flavors/:flavor_id/os-flavor-access',
    policy: 'os_compute_api:os-flavor-access',
    summary: 'Projects given access to a private flavor',
    async handler(r) {
      const flavor = await r.deps.api.flavors.getByFlavorId(r.params.flavor_id);
      if (flavor.is_public) throw new InvalidInput('Access list not available for public flavors.');
      return { body: await accessList(r, flavor.flavorid) };
    },
  },
  {
    method: 'POST',
    path: '/flavors/:flavor_id/action',
    policy: null,
    summary:
      'addTenantAccess / removeTenantAccess (rules os-flavor-access:add_tenant_access / remove_tenant_access)',
    async handler(r) {
      const body = r.body as Record<string, unknown> | undefined;
      const keys = body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : [];
      if (keys.length !== 1) throw new InvalidInput('Malformed request body');
      const action = FLAVOR_ACTIONS[keys[0] as keyof typeof FLAVOR_ACTIONS];
      if (!action || !Object.hasOwn(FLAVOR_ACTIONS, keys[0])) {
        throw new InvalidInput(`There is no such action: ${keys[0]}`);
      }
      const checked = admit(action, r, r.body);
      await action.run({ ...r, body: checked }, r.params.flavor_id);
      return { body: await accessList(r, r.params.flavor_id) };
    },
  },
];
