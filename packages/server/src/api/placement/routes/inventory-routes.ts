/**
 * …/inventories and …/inventories/{resource_class}. Every write carries the
 * provider generation; inventories are checked with core's rules (reserved
 * may equal total from 1.26) before they reach the store.
 */
import {
  ConcurrentUpdateDetected,
  type InventoryInput,
  newestModifiedAt,
  PlacementError,
  type ProviderInventories,
  type ResourceProvider,
  recordModifiedAt,
  validateInventory,
  withInventoryDefaults,
} from '@novats/core';
import { MAX_INT, RC_PATTERN } from '../placement-schema.js';
import type { PlacementRoute } from '../route-table.js';

const fields = {
  total: { type: 'integer', maximum: MAX_INT, minimum: 1 },
  reserved: { type: 'integer', maximum: MAX_INT, minimum: 0 },
  min_unit: { type: 'integer', maximum: MAX_INT, minimum: 1 },
  max_unit: { type: 'integer', maximum: MAX_INT, minimum: 1 },
  step_size: { type: 'integer', maximum: MAX_INT, minimum: 1 },
  allocation_ratio: { type: 'number', maximum: 3.40282e38 },
};
const generation = { type: 'integer' };
const inventorySchema = {
  type: 'object',
  properties: fields,
  required: ['total'],
  additionalProperties: false,
};
const baseSchema = {
  type: 'object',
  properties: { ...fields, resource_provider_generation: generation },
  required: ['total', 'resource_provider_generation'],
  additionalProperties: false,
};
// POST ignores the provider generation (it may be sent, it is not compared).
const postSchema = {
  ...baseSchema,
  properties: { ...baseSchema.properties, resource_class: { type: 'string', pattern: RC_PATTERN } },
  required: ['total', 'resource_class'],
};
export const putAllSchema = {
  type: 'object',
  properties: {
    resource_provider_generation: generation,
    // NOTE(placement): other keys pass the schema and fail as unknown classes (400).
    inventories: { type: 'object', patternProperties: { [RC_PATTERN]: inventorySchema } },
  },
  required: ['resource_provider_generation', 'inventories'],
  additionalProperties: false,
};

function pickInventory(body: Record<string, any>): InventoryInput {
  const out: Record<string, number> = {};
  for (const k of Object.keys(fields)) if (body[k] !== undefined) out[k] = body[k];
  return out as unknown as InventoryInput;
}

/** Placement compares the generation it read before touching anything (409 before 400s). */
function checkGeneration(provider: ResourceProvider | undefined, generation: number): void {
  if (provider && provider.generation !== generation) throw new ConcurrentUpdateDetected();
}

function checkInventory(
  uuid: string,
  rc: string,
  input: InventoryInput,
  minor: number,
  action: 'create' | 'update' = 'update',
): void {
  const [v] = validateInventory(withInventoryDefaults(input), minor >= 26);
  if (!v) return;
  const why =
    v.kind === 'reserved_exceeds_total'
      ? `The reserved value is greater than ${minor >= 26 ? '' : 'or equal to '}total.`
      : 'The minimum unit is greater than the maximum unit.';
  throw new PlacementError(
    400,
    `Unable to ${action} inventory for resource provider ${uuid}: Invalid inventory for '${rc}' on resource provider '${uuid}'. ${why}`,
  );
}

function oneView(generation: number, inv: object) {
  return { resource_provider_generation: generation, ...inv };
}

/** The body without the store's timestamps. */
function listView(all: ProviderInventories) {
  return { resource_provider_generation: all.resource_provider_generation, inventories: all.inventories };
}

/**
 * A stored list is dated by its newest row; Placement sends no Last-Modified
 * for an empty one (webob drops a None header).
 */
function listLastModified(all: ProviderInventories): Date | null | undefined {
  if (!Object.keys(all.inventories).length) return null;
  return all.timestamps ? newestModifiedAt(Object.values(all.timestamps)) : undefined;
}

export const inventoryRoutes: PlacementRoute[] = [
  {
    method: 'GET',
    path: '/resource_providers/:uuid/inventories',
    policy: 'placement:resource_providers:inventories:list',
    async handler({ store, params }) {
      const all = await store.getInventories(params.uuid!);
      return { status: 200, body: listView(all), lastModified: listLastModified(all) };
    },
  },
  {
    method: 'POST',
    path: '/resource_providers/:uuid/inventories',
    policy: 'placement:resource_providers:inventories:create',
    cacheHeaders: true,
    providerFirst: true,
    body: () => postSchema,
    async handler({ store, minor, params, body }) {
      const input = pickInventory(body);
      checkInventory(params.uuid!, body.resource_class, input, minor, 'create');
      const after = await store.setInventory(params.uuid!, null, body.resource_class, input, 'create');
      return {
        status: 201,
        headers: { location: `/resource_providers/${params.uuid}/inventories/${body.resource_class}` },
        body: oneView(after.resource_provider_generation, after.inventories[body.resource_class]!),
      };
    },
  },
  {
    method: 'PUT',
    path: '/resource_providers/:uuid/inventories',
    policy: 'placement:resource_providers:inventories:update',
    cacheHeaders: true,
    providerFirst: true,
    body: () => putAllSchema,
    async handler({ store, minor, params, body, provider }) {
      checkGeneration(provider, body.resource_provider_generation);
      for (const [rc, inv] of Object.entries(body.inventories as Record<string, InventoryInput>))
        checkInventory(params.uuid!, rc, inv, minor);
      const all = await store.setInventories(
        params.uuid!,
        body.resource_provider_generation,
        body.inventories,
      );
      // Placement dates the inventories it was sent (not read back): now, or no header when empty.
      return {
        status: 200,
        body: listView(all),
        lastModified: Object.keys(all.inventories).length ? undefined : null,
      };
    },
  },
  {
    method: 'DELETE',
    path: '/resource_providers/:uuid/inventories',
    minVersion: 5,
    belowVersionStatus: 405,
    policy: 'placement:resource_providers:inventories:delete',
    async handler({ store, params }) {
      await store.deleteInventories(params.uuid!);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/resource_providers/:uuid/inventories/:rc',
    policy: 'placement:resource_providers:inventories:show',
    async handler({ store, params }) {
      const all = await store.getInventories(params.uuid!);
      const inv = all.inventories[params.rc!];
      if (!inv) throw new PlacementError(404, `No inventory of class ${params.rc} for ${params.uuid}`);
      const dates = all.timestamps?.[params.rc!];
      return {
        status: 200,
        body: oneView(all.resource_provider_generation, inv),
        lastModified: dates && recordModifiedAt(dates),
      };
    },
  },
  {
    method: 'PUT',
    path: '/resource_providers/:uuid/inventories/:rc',
    policy: 'placement:resource_providers:inventories:update',
    cacheHeaders: true,
    providerFirst: true,
    body: () => baseSchema,
    async handler({ store, minor, params, body, provider }) {
      checkGeneration(provider, body.resource_provider_generation);
      const input = pickInventory(body);
      checkInventory(params.uuid!, params.rc!, input, minor);
      const after = await store.setInventory(
        params.uuid!,
        body.resource_provider_generation,
        params.rc!,
        input,
        'update',
      );
      return {
        status: 200,
        body: oneView(after.resource_provider_generation, after.inventories[params.rc!]!),
      };
    },
  },
  {
    method: 'DELETE',
    path: '/resource_providers/:uuid/inventories/:rc',
    policy: 'placement:resource_providers:inventories:delete',
    async handler({ store, params }) {
      await store.setInventory(params.uuid!, null, params.rc!, null, 'delete');
      return { status: 204 };
    },
  },
];
