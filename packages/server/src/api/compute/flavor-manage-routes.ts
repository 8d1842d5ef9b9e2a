/**
 * POST /flavors, PUT /flavors/{id} (2.55, description only) and DELETE
 * /flavors/{id} (admin, Nova's flavor-manage): create and update answer 200
 * with the flavor, delete 202.
 */
import { randomUUID } from 'node:crypto';
import type { ApiVersion } from './api-version.js';
import { type ComputeRoute, perVersion } from './route-table.js';
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

const int = (min: number) => ({
  anyOf: [
    { type: 'integer', minimum: min },
    { type: 'string', pattern: '^[0-9]+$' },
  ],
});
const createSchema = perVersion((v: ApiVersion) => ({
  type: 'object',
  properties: {
    flavor: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255, pattern: '^(?! )[^\\x00-\\x1f]*(?<! )$' },
        id: {
          anyOf: [
            { type: 'string', minLength: 1, maxLength: 255, pattern: '^(?! )[a-zA-Z0-9. _-]+(?<! )$' },
            { type: 'null' },
          ],
        },
        ram: int(1),
        vcpus: int(1),
        disk: int(0),
        'OS-FLV-EXT-DATA:ephemeral': int(0),
        swap: int(0),
        rxtx_factor: { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string' }] },
        'os-flavor-access:is_public': { type: 'boolean' },
        ...(v.atLeast(2, 55)
          ? { description: { anyOf: [{ type: 'string', maxLength: 65535 }, { type: 'null' }] } }
          : {}),
      },
      required: ['name', 'ram', 'vcpus', 'disk'],
      additionalProperties: false,
    },
  },
  required: ['flavor'],
  additionalProperties: false,
}));

const updateSchema = {
  type: 'object',
  properties: {
    flavor: {
      type: 'object',
      properties: { description: { anyOf: [{ type: 'string', maxLength: 65535 }, { type: 'null' }] } },
      required: ['description'],
      additionalProperties: false,
    },
  },
  required: ['flavor'],
  additionalProperties: false,
};

export const FLAVOR_MANAGE_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'POST',
    path: '/flavors',
    policy: 'os_compute_api:os-flavor-manage:create',
    summary: 'Create a flavor (description from 2.55)',
    body: createSchema,
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
    body: () => updateSchema,
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
