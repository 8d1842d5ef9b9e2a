/**
 * POST /flavors, PUT /flavors/{id} (2.55, description only) and DELETE
 * /flavors/{id} (admin, Nova's flavor-manage): create and update answer 200
 * with the flavor, delete 202.
 */
import { randomUUID } from 'node:crypto';
import { FLAVOR_UPDATE_V2_55, flavorCreateSchemaFor } from '@novats/core';
import type { ComputeRoute } from './route-table.js';
import { flavorDetail } from './views/flavor-view.js';

interface FlavorBody {
  flavor: {
    name: string;
    ram: number | string;
    vcpus: number | string;
    disk: number | string;
    id?: string | null;
    swap?: number | string;
    'OS-FLV-EXT-DATA:ephemeral'?: number | string;
    rxtx_factor?: number | string;
    'os-flavor-access:is_public'?: boolean;
    description?: string | null;
  };
}

export const FLAVOR_MANAGE_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'POST',
    path: '/flavors',
    policy: 'os_compute_api:os-flavor-manage:create',
    summary: 'Create a flavor (description from 2.55)',
    body: flavorCreateSchemaFor,
    async handler(r) {
      const f = (r.body as FlavorBody).flavor;
      const flavor = await r.deps.api.flavors.create({
        flavorid: f.id ?? randomUUID(),
        name: f.name,
        memory_mb: Number(f.ram),
        vcpus: Number(f.vcpus),
        root_gb: Number(f.disk),
        ephemeral_gb: Number(f['OS-FLV-EXT-DATA:ephemeral'] ?? 0),
        swap: Number(f.swap ?? 0),
        rxtx_factor: Number(f.rxtx_factor ?? 1.0),
        vcpu_weight: null,
        disabled: false,
        is_public: f['os-flavor-access:is_public'] ?? true,
        description: f.description ?? null,
        extra_specs: {},
      });
      return { body: { flavor: flavorDetail(flavor, r.base, r.version, true) } };
    },
  },
  {
    method: 'PUT',
    path: '/flavors/:flavor_id',
    min: '2.55',
    policy: 'os_compute_api:os-flavor-manage:update',
    summary: "Update a flavor's description",
    body: () => FLAVOR_UPDATE_V2_55,
    async handler(r) {
      const flavor = await r.deps.api.flavors.update(r.params.flavor_id, {
        description: r.body.flavor.description ?? null,
      });
      return { body: { flavor: flavorDetail(flavor, r.base, r.version, true) } };
    },
  },
  {
    method: 'DELETE',
    path: '/flavors/:flavor_id',
    policy: 'os_compute_api:os-flavor-manage:delete',
    status: 202,
    summary: 'Delete a flavor',
    async handler(r) {
      const flavor = await r.deps.api.flavors.getByFlavorId(r.params.flavor_id);
      await r.deps.api.flavors.delete(flavor.flavorid);
      return {};
    },
  },
];
