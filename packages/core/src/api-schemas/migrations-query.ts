/**
 * The query of GET /os-migrations as Nova's `schemas/migrations.py`
 * declares it: the five filters (and `hidden`) at every microversion with
 * unknown parameters ignored; from 2.59 `limit`, `marker` and
 * `changes-since` (single-valued) and unknown parameters 400;
 * `changes-before` from 2.66; `user_id`/`project_id` from 2.80.
 */
import { atLeast, type MicroversionLike } from './microversion-range.js';

const strings = { type: 'array', items: { type: 'string' } } as const;
/** Nova's `single_param`: the parameter at most once. */
const single = (items: object) => ({ type: 'array', items, maxItems: 1 });

export function migrationsQuerySchema(v: MicroversionLike): object {
  const properties: Record<string, object> = Object.fromEntries(
    ['hidden', 'host', 'instance_uuid', 'source_compute', 'status', 'migration_type'].map((f) => [
      f,
      strings,
    ]),
  );
  if (atLeast(v, 59)) {
    properties.limit = single({ type: 'string', pattern: '^[0-9]*$', minLength: 1 });
    properties.marker = single({ type: 'string' });
    properties['changes-since'] = single({ type: 'string' });
  }
  if (atLeast(v, 66)) properties['changes-before'] = single({ type: 'string' });
  if (atLeast(v, 80)) {
    properties.user_id = single({ type: 'string' });
    properties.project_id = single({ type: 'string' });
  }
  // NOTE(nova): additionalProperties True before 2.59 "for backward compatible changes".
  return { type: 'object', properties, additionalProperties: !atLeast(v, 59) };
}
