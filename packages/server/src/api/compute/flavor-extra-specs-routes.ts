/**
 * /flavors/{id}/os-extra_specs: reads for everyone who can see the flavor,
 * writes for admins (Nova's flavor_extra_specs policy defaults).
 */

import { InvalidInput, NotFound } from '@novats/core';
import type { FastifyInstance } from 'fastify';
import type { ComputeApiDeps } from '../../compute-api/compute-api-deps.js';
import { compileValidator } from '../../http/validation.js';
import { requireAdmin } from './policy.js';
import { stateOf } from './request-state.js';

const KEY = '^[a-zA-Z0-9-_:. ]{1,255}$';
const validateSpecs = compileValidator<{ extra_specs: Record<string, string | number | boolean> }>({
  type: 'object',
  properties: {
    extra_specs: {
      type: 'object',
      patternProperties: { [KEY]: { type: ['string', 'number', 'boolean'] } },
      additionalProperties: false,
    },
  },
  required: ['extra_specs'],
  additionalProperties: false,
});

function asStrings(specs: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(specs).map(([k, v]) => [k, String(v)]));
}

export function flavorExtraSpecsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const flavorOf = (req: { params: unknown }) =>
    deps.api.flavors.getByFlavorId((req.params as { flavor_id: string }).flavor_id);

  app.get('/flavors/:flavor_id/os-extra_specs', async (req) => ({
    extra_specs: { ...(await flavorOf(req)).extra_specs },
  }));

  app.get('/flavors/:flavor_id/os-extra_specs/:key', async (req) => {
    const flavor = await flavorOf(req);
    const key = (req.params as { key: string }).key;
    if (!(key in flavor.extra_specs))
      throw new NotFound(`Flavor ${flavor.flavorid} has no extra specs with key ${key}.`);
    return { [key]: flavor.extra_specs[key] };
  });

  app.post('/flavors/:flavor_id/os-extra_specs', async (req) => {
    requireAdmin(stateOf(req).ctx, 'os_compute_api:os-flavor-extra-specs:create');
    const flavor = await flavorOf(req);
    const specs = asStrings(validateSpecs(req.body).extra_specs);
    await deps.api.flavors.updateExtraSpecs!(flavor.flavorid, specs);
    return { extra_specs: specs };
  });

  app.put('/flavors/:flavor_id/os-extra_specs/:key', async (req) => {
    requireAdmin(stateOf(req).ctx, 'os_compute_api:os-flavor-extra-specs:update');
    const flavor = await flavorOf(req);
    const key = (req.params as { key: string }).key;
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Object.keys(body).length !== 1 || !(key in body)) {
      throw new InvalidInput('Request body and URI mismatch');
    }
    const specs = asStrings(validateSpecs({ extra_specs: body }).extra_specs);
    await deps.api.flavors.updateExtraSpecs!(flavor.flavorid, specs);
    return specs;
  });

  app.delete('/flavors/:flavor_id/os-extra_specs/:key', async (req, reply) => {
    requireAdmin(stateOf(req).ctx, 'os_compute_api:os-flavor-extra-specs:delete');
    const flavor = await flavorOf(req);
    const key = (req.params as { key: string }).key;
    if (!(key in flavor.extra_specs))
      throw new NotFound(`Flavor ${flavor.flavorid} has no extra specs with key ${key}.`);
    await deps.api.flavors.deleteExtraSpec!(flavor.flavorid, key);
    return reply.code(200).send();
  });
}
