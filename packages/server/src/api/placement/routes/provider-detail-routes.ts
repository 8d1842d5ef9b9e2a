/**
 * The smaller per-provider resources: …/usages, …/traits (1.6),
 * …/aggregates (1.1; generation in body and reply from 1.19) and
 * …/allocations.
 */
import {
  PlacementError,
  PlacementErrorCode,
  PROVIDER_TRAITS_UPDATE,
  providerAggregatesUpdateSchemaFor,
} from '@novats/core';
import type { PlacementRoute } from '../route-table.js';
import { catalogDate } from './catalog-routes.js';

/**
 * Traits and aggregates word a generation conflict differently from
 * inventories ("resource provider generation conflict"); clients match on it.
 */
async function rewordConflict<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (
      err instanceof PlacementError &&
      err.status === 409 &&
      err.code === PlacementErrorCode.CONCURRENT_UPDATE
    ) {
      throw new PlacementError(
        409,
        "Resource provider's generation already changed. Please update the generation and try again.",
        PlacementErrorCode.CONCURRENT_UPDATE,
      );
    }
    throw err;
  }
}

function aggregatesView(r: { resource_provider_generation: number; aggregates: string[] }, minor: number) {
  return minor >= 19 ? r : { aggregates: r.aggregates };
}

export const providerDetailRoutes: PlacementRoute[] = [
  {
    method: 'GET',
    path: '/resource_providers/:uuid/usages',
    policy: 'placement:resource_providers:usages',
    async handler({ store, params }) {
      return { status: 200, body: await store.getProviderUsages(params.uuid!) };
    },
  },
  {
    method: 'GET',
    path: '/resource_providers/:uuid/traits',
    minVersion: 6,
    policy: 'placement:resource_providers:traits:list',
    async handler({ store, params }) {
      const body = await store.getProviderTraits(params.uuid!);
      // Placement dates the trait records, not when they were associated.
      return { status: 200, body, lastModified: await catalogDate(store, 'traits', body.traits) };
    },
  },
  {
    method: 'PUT',
    path: '/resource_providers/:uuid/traits',
    minVersion: 6,
    policy: 'placement:resource_providers:traits:update',
    cacheHeaders: true,
    body: () => PROVIDER_TRAITS_UPDATE,
    async handler({ store, params, body }) {
      const after = await rewordConflict(
        store.setProviderTraits(params.uuid!, body.resource_provider_generation, body.traits),
      );
      return { status: 200, body: after, lastModified: await catalogDate(store, 'traits', after.traits) };
    },
  },
  {
    method: 'DELETE',
    path: '/resource_providers/:uuid/traits',
    minVersion: 6,
    policy: 'placement:resource_providers:traits:delete',
    async handler({ store, params }) {
      await store.deleteProviderTraits(params.uuid!);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/resource_providers/:uuid/aggregates',
    minVersion: 1,
    policy: 'placement:resource_providers:aggregates:list',
    async handler({ store, minor, params }) {
      return { status: 200, body: aggregatesView(await store.getProviderAggregates(params.uuid!), minor) };
    },
  },
  {
    method: 'PUT',
    path: '/resource_providers/:uuid/aggregates',
    minVersion: 1,
    policy: 'placement:resource_providers:aggregates:update',
    cacheHeaders: true,
    providerFirst: true,
    body: providerAggregatesUpdateSchemaFor,
    async handler({ store, minor, params, body }) {
      const [aggregates, generation] =
        minor >= 19 ? [body.aggregates, body.resource_provider_generation] : [body, undefined];
      return {
        status: 200,
        body: aggregatesView(
          await rewordConflict(store.setProviderAggregates(params.uuid!, generation, aggregates)),
          minor,
        ),
      };
    },
  },
  {
    method: 'GET',
    path: '/resource_providers/:uuid/allocations',
    policy: 'placement:resource_providers:allocations:list',
    async handler({ store, params }) {
      if (!(await store.getProvider(params.uuid!))) {
        throw new PlacementError(
          404,
          `Resource provider '${params.uuid}' not found: No resource provider with uuid ${params.uuid} found`,
        );
      }
      return { status: 200, body: await store.getProviderAllocations(params.uuid!) };
    },
  },
];
