/**
 * POST /resource_providers and PUT /resource_providers/{uuid} (placement's
 * `schemas/resource_provider.py`): a parent from 1.14.
 */
import type { FromSchema } from '../from-schema.js';
import { type PlacementAtLeast, placementMinor } from './placement-microversion.js';
import { PLACEMENT_UUID } from './placement-parameter-types.js';

const NAME = { type: 'string', minLength: 1, maxLength: 200 } as const;
const PARENT = { parent_provider_uuid: { anyOf: [PLACEMENT_UUID, { type: 'null' }] } } as const;
const object = <P extends object>(properties: P) =>
  ({ type: 'object', properties, required: ['name'], additionalProperties: false }) as const;

export const RESOURCE_PROVIDER_CREATE_V1_0 = object({ name: NAME, uuid: PLACEMENT_UUID });
export const RESOURCE_PROVIDER_CREATE_V1_14 = object({ name: NAME, uuid: PLACEMENT_UUID, ...PARENT });
export const RESOURCE_PROVIDER_UPDATE_V1_0 = object({ name: NAME });
export const RESOURCE_PROVIDER_UPDATE_V1_14 = object({ name: NAME, ...PARENT });

export function resourceProviderCreateSchemaFor(v: string | number) {
  return placementMinor(v) >= 14 ? RESOURCE_PROVIDER_CREATE_V1_14 : RESOURCE_PROVIDER_CREATE_V1_0;
}
export function resourceProviderUpdateSchemaFor(v: string | number) {
  return placementMinor(v) >= 14 ? RESOURCE_PROVIDER_UPDATE_V1_14 : RESOURCE_PROVIDER_UPDATE_V1_0;
}

/** The body of POST /resource_providers at Placement microversion V. */
export type ResourceProviderCreate<V extends string> = FromSchema<
  PlacementAtLeast<V, 14> extends true
    ? typeof RESOURCE_PROVIDER_CREATE_V1_14
    : typeof RESOURCE_PROVIDER_CREATE_V1_0
>;
/** The body of PUT /resource_providers/{uuid} at Placement microversion V. */
export type ResourceProviderUpdate<V extends string> = FromSchema<
  PlacementAtLeast<V, 14> extends true
    ? typeof RESOURCE_PROVIDER_UPDATE_V1_14
    : typeof RESOURCE_PROVIDER_UPDATE_V1_0
>;
