/**
 * /allocations/{consumer_uuid} (GET, PUT, DELETE) and POST /allocations
 * (1.13). Bodies come in the list form before 1.12 and the dict form after;
 * consumer generations are enforced from 1.28, consumer types from 1.38.
 * The store validates capacity and writes atomically.
 */
import {
  allocationsPostSchemaFor,
  allocationsPutSchemaFor,
  type ConsumerAllocationWrite,
  PLACEMENT_UUID_PATTERN,
  PlacementError,
} from '@novats/core';
import { canonicalUuid } from '../placement-schema.js';
import type { PlacementRoute } from '../route-table.js';

/** Placement's `incomplete_consumer_project_id` / `_user_id` defaults. */
const INCOMPLETE = '00000000-0000-0000-0000-000000000000';

export function toWrite(consumer: string, body: any, minor: number): ConsumerAllocationWrite {
  const allocations: Record<string, Record<string, number>> = {};
  if (Array.isArray(body.allocations)) {
    for (const a of body.allocations)
      allocations[a.resource_provider.uuid] = {
        ...(allocations[a.resource_provider.uuid] ?? {}),
        ...a.resources,
      };
  } else {
    for (const [rp, a] of Object.entries(
      body.allocations as Record<string, { resources: Record<string, number> }>,
    ))
      allocations[rp] = a.resources;
  }
  return {
    consumer_uuid: consumer,
    allocations,
    project_id: body.project_id ?? INCOMPLETE,
    user_id: body.user_id ?? INCOMPLETE,
    consumer_generation: minor >= 28 ? body.consumer_generation : undefined,
    consumer_type: body.consumer_type,
  };
}

const CONSUMER_UUID = new RegExp(PLACEMENT_UUID_PATTERN);

function checkConsumerUuid(uuid: string): void {
  if (!CONSUMER_UUID.test(uuid)) throw new PlacementError(400, `Malformed consumer_uuid: ${uuid}`);
}

export const allocationRoutes: PlacementRoute[] = [
  {
    method: 'GET',
    path: '/allocations/:consumer',
    policy: 'placement:allocations:list',
    async handler({ store, minor, params }) {
      const view = await store.getConsumerAllocations(canonicalUuid(params.consumer!));
      const body: Record<string, unknown> = { allocations: view.allocations };
      if (view.consumer && Object.keys(view.allocations).length) {
        if (minor >= 12) {
          body.project_id = view.consumer.project_id;
          body.user_id = view.consumer.user_id;
        }
        if (minor >= 28) body.consumer_generation = view.consumer.generation;
        if (minor >= 38) body.consumer_type = view.consumer.consumer_type;
      }
      return { status: 200, body };
    },
  },
  {
    method: 'PUT',
    path: '/allocations/:consumer',
    policy: 'placement:allocations:update',
    body: allocationsPutSchemaFor,
    async handler({ store, minor, params, body }) {
      checkConsumerUuid(params.consumer!);
      await store.replaceAllocations([toWrite(canonicalUuid(params.consumer!), body, minor)]);
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    path: '/allocations/:consumer',
    policy: 'placement:allocations:delete',
    async handler({ store, params }) {
      if (!(await store.deleteConsumerAllocations(canonicalUuid(params.consumer!)))) {
        throw new PlacementError(404, `No allocations for consumer '${params.consumer}'`);
      }
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    path: '/allocations',
    minVersion: 13,
    policy: 'placement:allocations:manage',
    body: allocationsPostSchemaFor,
    async handler({ store, minor, body }) {
      await store.replaceAllocations(
        Object.entries(body).map(([consumer, item]) => toWrite(canonicalUuid(consumer), item, minor)),
      );
      return { status: 204 };
    },
  },
];
