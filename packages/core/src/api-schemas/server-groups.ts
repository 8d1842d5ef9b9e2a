/**
 * POST /os-server-groups bodies and the list query (Nova's
 * `schemas/server_groups.py`): a one-item `policies` list before 2.64
 * (soft-* from 2.15), `policy` and `rules.max_server_per_host` from 2.64;
 * `all_projects`, `limit` and `offset` in the query, nothing else from 2.75.
 */
import { atLeast, type MicroversionLike } from './microversion-range.js';

const NAME = { type: 'string', minLength: 1, maxLength: 255, pattern: '^(?![\\s])[\\s\\S]*(?<![\\s])$' };
const HARD = ['anti-affinity', 'affinity'];
const ALL = [...HARD, 'soft-anti-affinity', 'soft-affinity'];
const POSITIVE_INTEGER = { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 1, minLength: 1 };

function wrap(properties: Record<string, unknown>, required: string[]): object {
  return {
    type: 'object',
    properties: {
      server_group: { type: 'object', properties, required, additionalProperties: false },
    },
    required: ['server_group'],
    additionalProperties: false,
  };
}

export function serverGroupCreateSchema(v: MicroversionLike): object {
  if (atLeast(v, 64)) {
    return wrap(
      {
        name: NAME,
        policy: { type: 'string', enum: ALL },
        rules: {
          type: 'object',
          properties: { max_server_per_host: POSITIVE_INTEGER },
          additionalProperties: false,
        },
      },
      ['name', 'policy'],
    );
  }
  const policies = {
    type: 'array',
    items: [{ type: 'string', enum: atLeast(v, 15) ? ALL : HARD }],
    uniqueItems: true,
    minItems: 1,
    maxItems: 1,
    additionalItems: false,
  };
  return wrap({ name: NAME, policies }, ['name', 'policies']);
}

const NON_NEGATIVE = { type: 'array', items: { type: 'string', pattern: '^[0-9]+$' } };

export const serverGroupsQuery = (strict: boolean) => ({
  type: 'object',
  properties: {
    all_projects: { type: 'array', items: { type: 'string' } },
    limit: NON_NEGATIVE,
    offset: NON_NEGATIVE,
  },
  additionalProperties: !strict,
});
