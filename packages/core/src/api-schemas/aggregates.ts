/**
 * Request bodies of /os-aggregates (Nova's `schemas/aggregates.py`): names
 * and zones are 1-255 characters without surrounding blanks, hosts Nova's
 * hostname pattern, metadata keys Nova's metadata key pattern (a null value
 * removes the key), unknown keys refused. And an aggregate as the API shows it.
 */
import type { FromSchema } from './from-schema.js';
import type { AtLeast } from './microversion-range.js';
import { closed, HOST, TRIMMED_NAME, UUID, wrapped } from './parameter-types.js';

const ZONE = { anyOf: [TRIMMED_NAME, { type: 'null' }] } as const;

export const AGGREGATE_CREATE = wrapped(
  'aggregate',
  closed({ name: TRIMMED_NAME, availability_zone: ZONE } as const, ['name'] as const),
);

export const AGGREGATE_UPDATE = wrapped('aggregate', {
  ...closed({ name: TRIMMED_NAME, availability_zone: ZONE } as const),
  anyOf: [{ required: ['name'] }, { required: ['availability_zone'] }],
} as const);

export const AGGREGATE_ADD_HOST = wrapped('add_host', closed({ host: HOST } as const, ['host'] as const));
export const AGGREGATE_REMOVE_HOST = wrapped(
  'remove_host',
  closed({ host: HOST } as const, ['host'] as const),
);

export const AGGREGATE_SET_METADATA = wrapped(
  'set_metadata',
  closed(
    {
      metadata: {
        type: 'object',
        patternProperties: {
          '^[a-zA-Z0-9-_:. ]{1,255}$': { anyOf: [{ type: 'string', maxLength: 255 }, { type: 'null' }] },
        },
        additionalProperties: false,
      },
    } as const,
    ['metadata'] as const,
  ),
);

/** POST /os-aggregates/{id}/images (2.81): at least one `{id}` of an image to pre-cache. */
export const AGGREGATE_IMAGES = closed(
  {
    cache: {
      type: 'array',
      minItems: 1,
      items: closed({ id: UUID } as const, ['id'] as const),
    },
  } as const,
  ['cache'] as const,
);

export type AggregateImages = FromSchema<typeof AGGREGATE_IMAGES>;

export type AggregateCreate = FromSchema<typeof AGGREGATE_CREATE>['aggregate'];
export type AggregateUpdate = FromSchema<typeof AGGREGATE_UPDATE>['aggregate'];

/** POST /os-aggregates/{id}/action, by key: the value each action takes. */
export interface AggregateActionBodies {
  add_host: FromSchema<typeof AGGREGATE_ADD_HOST>['add_host'];
  remove_host: FromSchema<typeof AGGREGATE_REMOVE_HOST>['remove_host'];
  set_metadata: FromSchema<typeof AGGREGATE_SET_METADATA>['set_metadata'];
}

/** An aggregate as GET /os-aggregates/{id} shows it (the create answer omits hosts and metadata). */
export const AGGREGATE_VIEW_V2_1 = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    availability_zone: { type: ['string', 'null'] },
    created_at: { type: 'string' },
    updated_at: { type: ['string', 'null'] },
    deleted: { type: 'boolean' },
    deleted_at: { type: 'null' },
    hosts: { type: 'array', items: { type: 'string' } },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['id', 'name', 'availability_zone', 'created_at', 'deleted'],
} as const;

/** An aggregate at microversion V (2.41+: `uuid`). */
export type AggregateView<V extends string> = FromSchema<typeof AGGREGATE_VIEW_V2_1> &
  (AtLeast<V, 41> extends true ? { uuid: string } : unknown);
