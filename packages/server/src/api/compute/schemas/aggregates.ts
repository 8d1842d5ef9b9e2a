/**
 * Request bodies of /os-aggregates as Nova's `schemas/aggregates.py` (2.1)
 * defines them: names and zones are 1-255 characters without surrounding
 * blanks, metadata keys Nova's metadata key pattern, unknown keys refused.
 */
const name = { type: 'string', minLength: 1, maxLength: 255, pattern: '^(?![\\s])[\\s\\S]*(?<![\\s])$' };
const zone = { anyOf: [name, { type: 'null' }] };
const host = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' };

export const aggregateCreateSchema = {
  type: 'object',
  properties: {
    aggregate: {
      type: 'object',
      properties: { name, availability_zone: zone },
      required: ['name'],
      additionalProperties: false,
    },
  },
  required: ['aggregate'],
  additionalProperties: false,
};

export const aggregateUpdateSchema = {
  type: 'object',
  properties: {
    aggregate: {
      type: 'object',
      properties: { name, availability_zone: zone },
      additionalProperties: false,
      anyOf: [{ required: ['name'] }, { required: ['availability_zone'] }],
    },
  },
  required: ['aggregate'],
  additionalProperties: false,
};

function hostAction(action: 'add_host' | 'remove_host'): object {
  return {
    type: 'object',
    properties: {
      [action]: {
        type: 'object',
        properties: { host },
        required: ['host'],
        additionalProperties: false,
      },
    },
    required: [action],
    additionalProperties: false,
  };
}

export const addHostSchema = hostAction('add_host');
export const removeHostSchema = hostAction('remove_host');

export const setMetadataSchema = {
  type: 'object',
  properties: {
    set_metadata: {
      type: 'object',
      properties: {
        metadata: {
          type: 'object',
          patternProperties: {
            '^[a-zA-Z0-9-_:. ]{1,255}$': { anyOf: [{ type: 'string', maxLength: 255 }, { type: 'null' }] },
          },
          additionalProperties: false,
        },
      },
      required: ['metadata'],
      additionalProperties: false,
    },
  },
  required: ['set_metadata'],
  additionalProperties: false,
};
