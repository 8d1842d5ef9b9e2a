/**
 * POST /reshaper (1.30): moves inventories and allocations between providers
 * of a tree atomically (e.g. VGPU from the root to a new child). Every
 * provider generation and consumer generation is compared; any failure
 * leaves the database untouched.
 */
import { type InventoryInput, PlacementError, PlacementErrorCode, reshaperSchemaFor } from '@novats/core';
import type { PlacementRoute } from '../route-table.js';
import { toWrite } from './allocation-routes.js';

export const reshaperRoutes: PlacementRoute[] = [
  {
    method: 'POST',
    path: '/reshaper',
    minVersion: 30,
    policy: 'placement:reshaper:reshape',
    body: reshaperSchemaFor,
    async handler({ store, minor, body }) {
      const inventories: Record<string, { generation: number; inventories: Record<string, InventoryInput> }> =
        {};
      for (const [uuid, v] of Object.entries<any>(body.inventories)) {
        // Placement's early checks, before anything is written.
        const rp = await store.getProvider(uuid);
        if (!rp)
          throw new PlacementError(
            400,
            `Resource provider ${uuid} in inventories not found: No resource provider with uuid ${uuid} found`,
            PlacementErrorCode.RESOURCE_PROVIDER_NOT_FOUND,
          );
        if (rp.generation !== v.resource_provider_generation)
          throw new PlacementError(
            409,
            `resource provider generation conflict for provider ${uuid}: actual: ${rp.generation}, given: ${v.resource_provider_generation}`,
            PlacementErrorCode.CONCURRENT_UPDATE,
          );
        inventories[uuid] = { generation: v.resource_provider_generation, inventories: v.inventories };
      }
      await store.reshape(
        inventories,
        Object.entries(body.allocations).map(([consumer, item]) => toWrite(consumer, item, minor)),
      );
      return { status: 204 };
    },
  },
];
