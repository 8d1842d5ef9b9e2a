/**
 * …/inventories and …/inventories/{resource_class}. Every write carries the
 * provider generation; inventories are checked with core's rules (reserved
 * may equal total from 1.26) before they reach the store.
 */
import {
  ConcurrentUpdateDetected,
  INVENTORIES_UPDATE,
  INVENTORY_CREATE,
  INVENTORY_FIELDS,
  INVENTORY_UPDATE,
  type InventoryInput,
  newestModifiedAt,
  PlacementError,
  type ProviderInventories,
  type ResourceProvider,
  recordModifiedAt,
  validateInventory,
  withInventoryDefaults,
} from '@novats/core';
import type { PlacementRoute } from '../route-table.js';

function pickInventory(body: Record<string, any>): InventoryInput {
  const out: Record<string, number> = {};
  for (const k of Object.keys(INVENTORY_FIELDS)) if (body[k] !== undefined) out[k] = body[k];
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
    body: () => INVENTORY_CREATE,
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
    body: () => INVENTORIES_UPDATE,
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
    body: () => INVENTORY_UPDATE,
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
