/**
 * POST /reshaper (1.30, placement's `schemas/reshaper.py`): every provider's
 * whole inventory and every affected consumer's allocations, in one body.
 */
import type { ConsumerAllocationsBody } from './allocations.js';
import { consumerAllocationsSchemaFor } from './allocations.js';
import { INVENTORIES_UPDATE, type InventoriesUpdate } from './inventories.js';
import { PLACEMENT_UUID_PATTERN } from './placement-parameter-types.js';

const schemas = new Map<object, object>();
/** The body schema of POST /reshaper at `v` (the allocations follow the version). */
export function reshaperSchemaFor(v: string | number): object {
  const item = consumerAllocationsSchemaFor(v, true);
  let s = schemas.get(item);
  if (!s) {
    s = {
      type: 'object',
      properties: {
        inventories: {
          type: 'object',
          patternProperties: { [PLACEMENT_UUID_PATTERN]: INVENTORIES_UPDATE },
          additionalProperties: false,
        },
        allocations: {
          type: 'object',
          patternProperties: { [PLACEMENT_UUID_PATTERN]: item },
          additionalProperties: false,
        },
      },
      required: ['inventories', 'allocations'],
      additionalProperties: false,
    };
    schemas.set(item, s);
  }
  return s;
}

/** The body of POST /reshaper at Placement microversion V. */
export interface Reshape<V extends string> {
  /** Provider UUID -> its whole inventory and generation. */
  inventories: Record<string, InventoriesUpdate>;
  /** Consumer UUID -> its allocations afterwards. */
  allocations: Record<string, ConsumerAllocationsBody<V>>;
}
