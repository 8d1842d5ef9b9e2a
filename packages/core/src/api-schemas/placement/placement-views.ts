/**
 * What the Placement API answers, as schemas: the SDK's response types come
 * from them and its tests check real answers against them.
 */
import type { FromSchema } from '../from-schema.js';
import { INVENTORY_FIELDS } from './inventories.js';
import type { PlacementAtLeast } from './placement-microversion.js';

const LINKS = {
  type: 'array',
  items: {
    type: 'object',
    properties: { rel: { type: 'string' }, href: { type: 'string' } },
    required: ['rel', 'href'],
  },
} as const;
const PROVIDER_V1_0 = {
  uuid: { type: 'string' },
  name: { type: 'string' },
  generation: { type: 'integer' },
  links: LINKS,
} as const;

/** A resource provider (GET /resource_providers/{uuid}, each of the list). */
export const RESOURCE_PROVIDER_VIEW_V1_0 = {
  type: 'object',
  properties: PROVIDER_V1_0,
  required: ['uuid', 'name', 'generation', 'links'],
} as const;
/** From 1.14: the parent and the root of its tree. */
export const RESOURCE_PROVIDER_VIEW_V1_14 = {
  type: 'object',
  properties: {
    ...PROVIDER_V1_0,
    parent_provider_uuid: { type: ['string', 'null'] },
    root_provider_uuid: { type: 'string' },
  },
  required: ['uuid', 'name', 'generation', 'links', 'parent_provider_uuid', 'root_provider_uuid'],
} as const;

/** GET …/inventories: every class's inventory, with defaults filled in. */
export const INVENTORIES_VIEW = {
  type: 'object',
  properties: {
    resource_provider_generation: { type: 'integer' },
    inventories: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: INVENTORY_FIELDS,
        required: ['total', 'reserved', 'min_unit', 'max_unit', 'step_size', 'allocation_ratio'],
      },
    },
  },
  required: ['resource_provider_generation', 'inventories'],
} as const;

/** GET …/usages: amounts in use by class. */
export const USAGES_VIEW = {
  type: 'object',
  properties: {
    resource_provider_generation: { type: 'integer' },
    usages: { type: 'object', additionalProperties: { type: 'integer' } },
  },
  required: ['resource_provider_generation', 'usages'],
} as const;

/** GET /allocations/{consumer}: by provider; the consumer's fields when it has allocations. */
export const CONSUMER_ALLOCATIONS_VIEW = {
  type: 'object',
  properties: {
    allocations: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          resources: { type: 'object', additionalProperties: { type: 'integer' } },
          generation: { type: 'integer' },
        },
        required: ['resources'],
      },
    },
    project_id: { type: 'string' },
    user_id: { type: 'string' },
    consumer_generation: { type: ['integer', 'null'] },
    consumer_type: { type: 'string' },
  },
  required: ['allocations'],
} as const;

/** GET …/traits (1.6). */
export const PROVIDER_TRAITS_VIEW = {
  type: 'object',
  properties: {
    traits: { type: 'array', items: { type: 'string' } },
    resource_provider_generation: { type: 'integer' },
  },
  required: ['traits', 'resource_provider_generation'],
} as const;

/** GET …/aggregates (1.1; the provider generation from 1.19). */
export const PROVIDER_AGGREGATES_VIEW = {
  type: 'object',
  properties: {
    aggregates: { type: 'array', items: { type: 'string' } },
    resource_provider_generation: { type: 'integer' },
  },
  required: ['aggregates'],
} as const;

/** A resource provider at Placement microversion V. */
export type ResourceProviderView<V extends string> = FromSchema<
  PlacementAtLeast<V, 14> extends true
    ? typeof RESOURCE_PROVIDER_VIEW_V1_14
    : typeof RESOURCE_PROVIDER_VIEW_V1_0
>;
export type InventoriesView = FromSchema<typeof INVENTORIES_VIEW>;
/** One class's inventory (PUT, POST …/inventories answer it with the generation). */
export type InventoryView = InventoriesView['inventories'][string] & { resource_provider_generation: number };
export type UsagesView = FromSchema<typeof USAGES_VIEW>;
export type AllocationsOfConsumerView = FromSchema<typeof CONSUMER_ALLOCATIONS_VIEW>;
export type ProviderTraitsView = FromSchema<typeof PROVIDER_TRAITS_VIEW>;
export type ProviderAggregatesView = FromSchema<typeof PROVIDER_AGGREGATES_VIEW>;
