/**
 * …/inventories bodies (placement's `schemas/inventory.py`): POST one,
 * PUT one, PUT all. Every write but POST carries the provider generation.
 */
import type { FromSchema } from '../from-schema.js';
import { GENERATION, PLACEMENT_MAX_INT, RC_PATTERN } from './placement-parameter-types.js';

const count = (minimum: number) => ({ type: 'integer', maximum: PLACEMENT_MAX_INT, minimum }) as const;
/** The fields of one inventory record. */
export const INVENTORY_FIELDS = {
  total: count(1),
  reserved: count(0),
  min_unit: count(1),
  max_unit: count(1),
  step_size: count(1),
  allocation_ratio: { type: 'number', maximum: 3.40282e38 },
} as const;

/** One resource class's inventory inside PUT …/inventories. */
export const INVENTORY = {
  type: 'object',
  properties: INVENTORY_FIELDS,
  required: ['total'],
  additionalProperties: false,
} as const;

/** PUT …/inventories/{resource_class}. */
export const INVENTORY_UPDATE = {
  type: 'object',
  properties: { ...INVENTORY_FIELDS, resource_provider_generation: GENERATION },
  required: ['total', 'resource_provider_generation'],
  additionalProperties: false,
} as const;

/** POST …/inventories: the generation may be sent, it is not compared. */
export const INVENTORY_CREATE = {
  type: 'object',
  properties: {
    ...INVENTORY_FIELDS,
    resource_provider_generation: GENERATION,
    resource_class: { type: 'string', pattern: RC_PATTERN },
  },
  required: ['total', 'resource_class'],
  additionalProperties: false,
} as const;

/** PUT …/inventories (and each provider's part of POST /reshaper). */
export const INVENTORIES_UPDATE = {
  type: 'object',
  properties: {
    resource_provider_generation: GENERATION,
    // NOTE(placement): other keys pass the schema and fail as unknown classes (400).
    inventories: { type: 'object', patternProperties: { [RC_PATTERN]: INVENTORY } },
  },
  required: ['resource_provider_generation', 'inventories'],
  additionalProperties: false,
} as const;

export type InventoryBody = FromSchema<typeof INVENTORY>;
export type InventoryCreate = FromSchema<typeof INVENTORY_CREATE>;
export type InventoryUpdate = FromSchema<typeof INVENTORY_UPDATE>;
export type InventoriesUpdate = FromSchema<typeof INVENTORIES_UPDATE>;
