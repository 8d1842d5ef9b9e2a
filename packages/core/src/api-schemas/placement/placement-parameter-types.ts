/**
 * Schema fragments the Placement request bodies share (placement's
 * `schemas/common.py`), written `as const` so the SDK's types follow them.
 */

/** A UUID with or without dashes, any case (Placement canonicalises it). */
export const PLACEMENT_UUID_PATTERN =
  '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$';
/** The largest integer Placement stores (a signed 32-bit column). */
export const PLACEMENT_MAX_INT = 2147483647;
/** A resource class or trait name. */
export const RC_PATTERN = '^[A-Z0-9_]+$';
/** A custom resource class (or trait) name. */
export const CUSTOM_PATTERN = '^CUSTOM_[A-Z0-9_]+$';

export const PLACEMENT_UUID = { type: 'string', format: 'uuid' } as const;

/** An object keyed by provider or consumer UUID, each value `item` (at least `minProperties` of them). */
export function byUuid(item: object, minProperties = 0): object {
  return {
    type: 'object',
    ...(minProperties > 0 ? { minProperties } : {}),
    patternProperties: { [PLACEMENT_UUID_PATTERN]: item },
    additionalProperties: false,
  };
}
export const GENERATION = { type: 'integer' } as const;
