/**
 * POST /reshaper (1.30, placement's `schemas/reshaper.py`): every provider's
 * whole inventory and every affected consumer's allocations, in one body.
 */

import { derivedOnce } from '../parameter-types.js';
import type { ConsumerAllocationsBody } from './allocations.js';
import { consumerAllocationsSchemaFor } from './allocations.js';
import { INVENTORIES_UPDATE, type InventoriesUpdate } from './inventories.js';
import { byUuid } from './placement-parameter-types.js';

const body = derivedOnce((consumer: object): object => ({
  type: 'object',
  properties: { inventories: byUuid(INVENTORIES_UPDATE), allocations: byUuid(consumer) },
  required: ['inventories', 'allocations'],
  additionalProperties: false,
}));
/** The body schema of POST /reshaper at `v` (the allocations follow the version). */
export function reshaperSchemaFor(v: string | number): object {
  return body(consumerAllocationsSchemaFor(v, true));
}

/** The body of POST /reshaper at Placement microversion V. */
export interface Reshape<V extends string> {
  /** Provider UUID -> its whole inventory and generation. */
  inventories: Record<string, InventoriesUpdate>;
  /** Consumer UUID -> its allocations afterwards. */
  allocations: Record<string, ConsumerAllocationsBody<V>>;
}
