/**
 * PUT …/traits (1.6) and PUT …/aggregates (1.1; an object with the provider
 * generation from 1.19), and the resource class body (POST
 * /resource_classes, PUT before 1.7): placement's `schemas/trait.py`,
 * `aggregate.py` and `resource_class.py`.
 */
import type { FromSchema } from '../from-schema.js';
import { type PlacementAtLeast, placementMinor } from './placement-microversion.js';
import { CUSTOM_PATTERN, GENERATION, PLACEMENT_UUID, RC_PATTERN } from './placement-parameter-types.js';

export const PROVIDER_TRAITS_UPDATE = {
  type: 'object',
  properties: {
    traits: { type: 'array', items: { type: 'string', pattern: RC_PATTERN }, uniqueItems: true },
    resource_provider_generation: GENERATION,
  },
  required: ['traits', 'resource_provider_generation'],
  additionalProperties: false,
} as const;

export const PROVIDER_AGGREGATES_UPDATE_V1_1 = {
  type: 'array',
  items: PLACEMENT_UUID,
  uniqueItems: true,
} as const;
export const PROVIDER_AGGREGATES_UPDATE_V1_19 = {
  type: 'object',
  properties: { aggregates: PROVIDER_AGGREGATES_UPDATE_V1_1, resource_provider_generation: GENERATION },
  required: ['aggregates', 'resource_provider_generation'],
  additionalProperties: false,
} as const;

export function providerAggregatesUpdateSchemaFor(v: string | number) {
  return placementMinor(v) >= 19 ? PROVIDER_AGGREGATES_UPDATE_V1_19 : PROVIDER_AGGREGATES_UPDATE_V1_1;
}

/** POST /resource_classes (and PUT /resource_classes/{name} before 1.7): a custom class's name. */
export const RESOURCE_CLASS_BODY = {
  type: 'object',
  properties: { name: { type: 'string', pattern: CUSTOM_PATTERN, maxLength: 255 } },
  required: ['name'],
  additionalProperties: false,
} as const;

export type ProviderTraitsUpdate = FromSchema<typeof PROVIDER_TRAITS_UPDATE>;
/** The body of PUT …/aggregates at Placement microversion V. */
export type ProviderAggregatesUpdate<V extends string> = FromSchema<
  PlacementAtLeast<V, 19> extends true
    ? typeof PROVIDER_AGGREGATES_UPDATE_V1_19
    : typeof PROVIDER_AGGREGATES_UPDATE_V1_1
>;
export type ResourceClassBody = FromSchema<typeof RESOURCE_CLASS_BODY>;
