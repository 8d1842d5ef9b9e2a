/**
 * /allocations/{consumer_uuid} (GET, PUT, DELETE) and POST /allocations
 * (1.13). Bodies come in the list form before 1.12 and the dict form after;
 * consumer generations are enforced from 1.28, consumer types from 1.38.
 * The store validates capacity and writes atomically.
 */
import { type ConsumerAllocationWrite, PlacementError } from '@novats/core';
import { canonicalUuid, MAX_INT, RC_PATTERN, UUID_PATTERN, uuidSchema } from '../placement-schema.js';
import type { PlacementRoute } from '../route-table.js';

/** Placement's `incomplete_consumer_project_id` / `_user_id` defaults. */
const INCOMPLETE = '00000000-0000-0000-0000-000000000000';

const resources = {
  type: 'object',
  minProperties: 1,
  patternProperties: { [RC_PATTERN]: { type: 'integer', minimum: 1, maximum: MAX_INT } },
  additionalProperties: false,
};
const idString = { type: 'string', minLength: 1, maxLength: 255 };

/** The body of one consumer's allocations (dict form) at `minor`. */
export function dictItem(minor: number, forPost: boolean) {
  const properties: Record<string, unknown> = {
    allocations: {
      type: 'object',
      minProperties: forPost || minor >= 28 ? 0 : 1,
      patternProperties: {
        [UUID_PATTERN]: {
          type: 'object',
          properties: { resources, generation: { type: 'integer' } },
          required: ['resources'],
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
    project_id: idString,
    user_id: idString,
  };
  const required = ['allocations', 'project_id', 'user_id'];
  if (minor >= 28) {
    properties.consumer_generation = { type: ['integer', 'null'] };
    required.push('consumer_generation');
  }
  if (minor >= 34)
    properties.mappings = {
      type: 'object',
      minProperties: 1,
      patternProperties: {
        '^[a-zA-Z0-9_-]{1,64}$': { type: 'array', minItems: 1, items: { type: 'string', format: 'uuid' } },
      },
    };
  if (minor >= 38) {
    properties.consumer_type = { type: 'string', pattern: '^[A-Z0-9_]+$', maxLength: 255 };
    required.push('consumer_type');
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

function listForm(minor: number) {
  return {
    type: 'object',
    properties: {
      allocations: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            resource_provider: {
              type: 'object',
              properties: { uuid: uuidSchema },
              required: ['uuid'],
              additionalProperties: false,
            },
            resources,
          },
          required: ['resource_provider', 'resources'],
          additionalProperties: false,
        },
      },
      project_id: idString,
      user_id: idString,
    },
    required: minor >= 8 ? ['allocations', 'project_id', 'user_id'] : ['allocations'],
    additionalProperties: false,
  };
}

const schemas = new Map<string, object>();
function memo(key: string, make: () => object): object {
  if (!schemas.has(key)) schemas.set(key, make());
  return schemas.get(key)!;
}
export const bucket = (minor: number) => [38, 34, 28, 12, 8, 0].find((b) => minor >= b)!;

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

function checkConsumerUuid(uuid: string): void {
  if (!new RegExp(UUID_PATTERN).test(uuid)) throw new PlacementError(400, `Malformed consumer_uuid: ${uuid}`);
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
    body: (minor) =>
      memo(`put${bucket(minor)}`, () =>
        minor >= 12 ? dictItem(bucket(minor), false) : listForm(bucket(minor)),
      ),
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
    body: (minor) =>
      memo(`post${bucket(minor)}`, () => ({
        type: 'object',
        minProperties: 1,
        patternProperties: { [UUID_PATTERN]: dictItem(bucket(minor), true) },
        additionalProperties: false,
      })),
    async handler({ store, minor, body }) {
      await store.replaceAllocations(
        Object.entries(body).map(([consumer, item]) => toWrite(canonicalUuid(consumer), item, minor)),
      );
      return { status: 204 };
    },
  },
];
