/**
 * Allocation bodies (placement's `schemas/allocation.py`): PUT
 * /allocations/{consumer} in the list form before 1.12 and the dict form
 * after; POST /allocations (1.13) maps consumers to the dict form.
 * Consumer generations from 1.28, `mappings` from 1.34, consumer types from 1.38.
 */
import type { FromSchema } from '../from-schema.js';
import { closed, derivedOnce } from '../parameter-types.js';
import { type PlacementVariantAt, placementMinor, placementVariantAt } from './placement-microversion.js';
import {
  byUuid,
  GENERATION,
  PLACEMENT_MAX_INT,
  PLACEMENT_UUID,
  PLACEMENT_UUID_PATTERN,
  RC_PATTERN,
} from './placement-parameter-types.js';

/** Amounts by resource class. */
export const ALLOCATION_RESOURCES = {
  type: 'object',
  minProperties: 1,
  patternProperties: { [RC_PATTERN]: { type: 'integer', minimum: 1, maximum: PLACEMENT_MAX_INT } },
  additionalProperties: false,
} as const;
const ID = { type: 'string', minLength: 1, maxLength: 255 } as const;
const byProvider = <N extends number>(minProperties: N) =>
  ({
    type: 'object',
    minProperties,
    patternProperties: {
      [PLACEMENT_UUID_PATTERN]: {
        type: 'object',
        properties: { resources: ALLOCATION_RESOURCES, generation: GENERATION },
        required: ['resources'],
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  }) as const;
const CONSUMER_GENERATION = { consumer_generation: { type: ['integer', 'null'] } } as const;
const MAPPINGS = {
  mappings: {
    type: 'object',
    minProperties: 1,
    patternProperties: {
      '^[a-zA-Z0-9_-]{1,64}$': { type: 'array', minItems: 1, items: { type: 'string', format: 'uuid' } },
    },
  },
} as const;
const CONSUMER_TYPE = { consumer_type: { type: 'string', pattern: '^[A-Z0-9_]+$', maxLength: 255 } } as const;

const LIST_ITEM = closed(
  {
    resource_provider: closed({ uuid: PLACEMENT_UUID }, ['uuid'] as const),
    resources: ALLOCATION_RESOURCES,
  },
  ['resource_provider', 'resources'] as const,
);
const listForm = <R extends readonly string[]>(required: R) =>
  closed(
    { allocations: { type: 'array', minItems: 1, items: LIST_ITEM }, project_id: ID, user_id: ID },
    required,
  );
export const ALLOCATIONS_PUT_V1_0 = listForm(['allocations'] as const);
export const ALLOCATIONS_PUT_V1_8 = listForm(['allocations', 'project_id', 'user_id'] as const);

const BASE = ['allocations', 'project_id', 'user_id'] as const;
const WITH_GENERATION = [...BASE, 'consumer_generation'] as const;
const dictForm = <N extends number>(min: N) =>
  closed({ allocations: byProvider(min), project_id: ID, user_id: ID }, BASE);
/** One consumer's allocations in the dict form; PUT before 1.28 needs at least one provider. */
export const ALLOCATIONS_PUT_V1_12 = dictForm(1);
export const CONSUMER_ALLOCATIONS_V1_12 = dictForm(0);
const DICT_28 = { allocations: byProvider(0), project_id: ID, user_id: ID, ...CONSUMER_GENERATION } as const;
export const CONSUMER_ALLOCATIONS_V1_28 = closed(DICT_28, WITH_GENERATION);
export const CONSUMER_ALLOCATIONS_V1_34 = closed({ ...DICT_28, ...MAPPINGS }, WITH_GENERATION);
export const CONSUMER_ALLOCATIONS_V1_38 = closed({ ...DICT_28, ...MAPPINGS, ...CONSUMER_TYPE }, [
  ...WITH_GENERATION,
  'consumer_type',
] as const);

/**
 * The dict form's variants (see Variants): the 1.12 form also answers for
 * older versions; PUT before 1.28 takes ALLOCATIONS_PUT_V1_12 instead.
 */
const CONSUMER_ALLOCATIONS_VARIANTS = [
  [38, CONSUMER_ALLOCATIONS_V1_38],
  [34, CONSUMER_ALLOCATIONS_V1_34],
  [28, CONSUMER_ALLOCATIONS_V1_28],
  [0, CONSUMER_ALLOCATIONS_V1_12],
] as const;
type DictAt<V extends string> = PlacementVariantAt<V, typeof CONSUMER_ALLOCATIONS_VARIANTS>;
/** The list form's variants, before 1.12. */
const LIST_FORM_VARIANTS = [
  [8, ALLOCATIONS_PUT_V1_8],
  [0, ALLOCATIONS_PUT_V1_0],
] as const;

/**
 * One consumer's allocations in the dict form (1.12+) at `v`; `forPost` for
 * POST /allocations and POST /reshaper, which accept an empty `allocations`
 * (the consumer gives everything back) at every version.
 */
export function consumerAllocationsSchemaFor(v: string | number, forPost: boolean) {
  const dict = placementVariantAt(v, CONSUMER_ALLOCATIONS_VARIANTS) ?? CONSUMER_ALLOCATIONS_V1_12;
  return dict === CONSUMER_ALLOCATIONS_V1_12 && !forPost ? ALLOCATIONS_PUT_V1_12 : dict;
}

/** PUT /allocations/{consumer} at `v`. */
export function allocationsPutSchemaFor(v: string | number) {
  const minor = placementMinor(v);
  if (minor >= 12) return consumerAllocationsSchemaFor(minor, false);
  return placementVariantAt(minor, LIST_FORM_VARIANTS) ?? ALLOCATIONS_PUT_V1_0;
}

const postBody = derivedOnce((consumer: object) => byUuid(consumer, 1));
/** POST /allocations (1.13) at `v`: consumer UUID -> that consumer's allocations. */
export function allocationsPostSchemaFor(v: string | number): object {
  return postBody(consumerAllocationsSchemaFor(v, true));
}

/** The body of PUT /allocations/{consumer} at Placement microversion V. */
export type AllocationsPut<V extends string> = FromSchema<
  PlacementVariantAt<V, readonly [[12, DictAt<V>], ...typeof LIST_FORM_VARIANTS]>
>;
/** One consumer's allocations in POST /allocations and POST /reshaper at V (1.12+). */
export type ConsumerAllocationsBody<V extends string> = FromSchema<DictAt<V>>;
/** The body of POST /allocations at V (1.13+): by consumer UUID. */
export type AllocationsPost<V extends string> = Record<string, ConsumerAllocationsBody<V>>;
