/**
 * Request specs (`request_specs`): what the scheduler was asked for, kept
 * per instance as JSON so that moves and reschedules can ask again. Saving
 * is an upsert on instance_uuid in one statement.
 */
import type { RequestSpec, RequestSpecRepository } from '@novats/core';
import type { Knex } from 'knex';
import { compiledStatement } from '../shared/compiled-statement.js';
import { nowDbTime } from '../shared/db-time.js';
import { deleteByInstanceUuids } from './instance-mapping-repository.js';

/** Every server boot saves its spec; knex compiles the upsert once per dialect. */
const SAVE_SPEC = compiledStatement<{ instance_uuid: string; spec: string; now: string }>((db, p) =>
  db('request_specs')
    .insert({ instance_uuid: p.instance_uuid, spec: p.spec, created_at: p.now, updated_at: p.now })
    .onConflict('instance_uuid')
    .merge(['spec', 'updated_at']),
);

export class KnexRequestSpecRepository implements RequestSpecRepository {
  constructor(private readonly db: Knex) {}

  async save(spec: RequestSpec): Promise<void> {
    await SAVE_SPEC.run(this.db, {
      instance_uuid: spec.instance_uuid,
      spec: JSON.stringify(spec),
      now: nowDbTime(),
    });
  }

  async get(instanceUuid: string): Promise<RequestSpec | null> {
    const row = await this.db('request_specs').first('spec').where('instance_uuid', instanceUuid);
    return row ? (JSON.parse(row.spec) as RequestSpec) : null;
  }

  async delete(instanceUuid: string): Promise<void> {
    await this.db('request_specs').where('instance_uuid', instanceUuid).del();
  }

  deleteMany(instanceUuids: readonly string[]): Promise<number> {
    return deleteByInstanceUuids(this.db, 'request_specs', instanceUuids);
  }
}
