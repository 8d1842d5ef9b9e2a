/**
 * /flavors/{id}/os-extra_specs: reads for everyone who can see the flavor,
 * writes for admins (Nova's flavor_extra_specs policy defaults). From 2.86
 * writes check each key against Nova's known extra specs (core's
 * flavor-extra-spec-rules).
 */

import { InvalidInput, NotFound, validateExtraSpec } from '@novats/core';
import { compileValidator } from '../../http/validation.js';
import type { ComputeRoute, RouteRequest } from './route-table.js';

const KEY = '^[a-zA-Z0-9-_:. ]{1,255}$';
const specsSchema = {
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
};
const validateSpecs = compileValidator<{ extra_specs: Record<string, string | number | boolean> }>(
  specsSchema,
);

/** The specs as stored (strings), checked by name and value from 2.86. */
function checkedSpecs(
  r: RouteRequest,
  specs: Record<string, string | number | boolean>,
): Record<string, string> {
  const out = Object.fromEntries(Object.entries(specs).map(([k, v]) => [k, String(v)]));
  if (r.version.atLeast(2, 86)) for (const [k, v] of Object.entries(out)) validateExtraSpec(k, v);
  return out;
}

const flavorOf = (r: RouteRequest) => r.deps.api.flavors.getByFlavorId(r.params.flavor_id);

function specOf(flavor: { flavorid: string; extra_specs: Record<string, string> }, key: string): string {
  if (!Object.hasOwn(flavor.extra_specs, key))
    throw new NotFound(`Flavor ${flavor.flavorid} has no extra specs with key ${key}.`);
  return flavor.extra_specs[key];
}

export const FLAVOR_EXTRA_SPECS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/flavors/:flavor_id/os-extra_specs',
    policy: 'os_compute_api:os-flavor-extra-specs:index',
    summary: 'List extra specs of a flavor',
    target: () => ({}),
    handler: async (r) => ({ body: { extra_specs: { ...(await flavorOf(r)).extra_specs } } }),
  },
  {
    method: 'GET',
    path: '/flavors/:flavor_id/os-extra_specs/:key',
    policy: 'os_compute_api:os-flavor-extra-specs:show',
    summary: 'Show one extra spec',
    target: () => ({}),
    async handler(r) {
      const flavor = await flavorOf(r);
      return { body: { [r.params.key]: specOf(flavor, r.params.key) } };
    },
  },
  {
    method: 'POST',
    path: '/flavors/:flavor_id/os-extra_specs',
    policy: 'os_compute_api:os-flavor-extra-specs:create',
    summary: 'Add or overwrite extra specs',
    body: () => specsSchema,
    async handler(r) {
      const flavor = await flavorOf(r);
      const specs = checkedSpecs(r, r.body.extra_specs);
      await r.deps.api.flavors.updateExtraSpecs(flavor.flavorid, specs);
      return { body: { extra_specs: specs } };
    },
  },
  {
    method: 'PUT',
    path: '/flavors/:flavor_id/os-extra_specs/:key',
    policy: 'os_compute_api:os-flavor-extra-specs:update',
    summary: 'Set one extra spec',
    async handler(r) {
      const flavor = await flavorOf(r);
      const key = r.params.key;
      const body = r.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object' || Object.keys(body).length !== 1 || !Object.hasOwn(body, key)) {
        throw new InvalidInput('Request body and URI mismatch');
      }
      const specs = checkedSpecs(r, validateSpecs({ extra_specs: body }).extra_specs);
      await r.deps.api.flavors.updateExtraSpecs(flavor.flavorid, specs);
      return { body: specs };
    },
  },
  {
    method: 'DELETE',
    path: '/flavors/:flavor_id/os-extra_specs/:key',
    policy: 'os_compute_api:os-flavor-extra-specs:delete',
    summary: 'Delete one extra spec',
    async handler(r) {
      const flavor = await flavorOf(r);
      specOf(flavor, r.params.key);
      await r.deps.api.flavors.deleteExtraSpec(flavor.flavorid, r.params.key);
      return {};
    },
  },
];
