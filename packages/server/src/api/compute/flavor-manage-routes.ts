/**
 * POST /flavors and DELETE /flavors/{id} (admin, Nova's flavor-manage):
 * create answers 200 with the flavor, delete 202.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ComputeApiDeps } from '../../compute-api/compute-api-deps.js';
import { compileValidator } from '../../http/validation.js';
import { requireAdmin } from './policy.js';
import { stateOf } from './request-state.js';
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
const validate = compileValidator<FlavorBody>({
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
        description: { anyOf: [{ type: 'string', maxLength: 65535 }, { type: 'null' }] },
      },
      required: ['name', 'ram', 'vcpus', 'disk'],
      additionalProperties: false,
    },
  },
  required: ['flavor'],
  additionalProperties: false,
});

export function flavorManageRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  app.post('/flavors', async (req) => {
    const s = stateOf(req);
    requireAdmin(s.ctx, 'os_compute_api:os-flavor-manage:create');
    const f = validate(req.body).flavor;
    const flavor = await deps.api.flavors.create({
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
      description: s.version.atLeast(2, 55) ? (f.description ?? null) : null,
      extra_specs: {},
    });
    return { flavor: flavorDetail(flavor, s.base, s.version, true) };
  });

  app.delete('/flavors/:flavor_id', async (req, reply) => {
    requireAdmin(stateOf(req).ctx, 'os_compute_api:os-flavor-manage:delete');
    const flavor = await deps.api.flavors.getByFlavorId((req.params as { flavor_id: string }).flavor_id);
    await deps.api.flavors.delete(flavor.flavorid);
    return reply.code(202).send();
  });
}
