/**
 * Build requests (`build_requests`): servers the API accepted but the
 * conductor has not yet written to a cell. The instance is kept as JSON, as
 * Nova keeps a serialised Instance object; delete reports whether it won.
 */
import { type BuildRequest, type BuildRequestRepository, Conflict, type Instance } from '@novats/core';
import type { Knex } from 'knex';
import { compiledStatement } from '../shared/compiled-statement.js';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTimeRequired, nowDbTime, toDbTime } from '../shared/db-time.js';
import { affectedRows } from '../shared/knex-connection.js';

interface BuildRequestRow {
  readonly instance_uuid: string;
  readonly project_id: string;
  readonly instance: string;
  readonly created_at: string;
}

function fromRow(row: BuildRequestRow): BuildRequest {
  return {
    instance_uuid: row.instance_uuid,
    project_id: row.project_id,
    instance: JSON.parse(row.instance) as Instance,
    created_at: fromDbTimeRequired(row.created_at),
  };
}

// NOTE(perf): every server boot runs these; knex compiles each once per dialect.

const CREATE_BUILD_REQUEST = compiledStatement<{
  instance_uuid: string;
  project_id: string;
  instance: string;
  created_at: string;
}>((db, p) =>
  db('build_requests').insert({
    instance_uuid: p.instance_uuid,
    project_id: p.project_id,
    instance: p.instance,
    created_at: p.created_at,
  }),
);

const GET_BUILD_REQUEST = compiledStatement<{ instance_uuid: string }>((db, p) =>
  db('build_requests')
    .first('instance_uuid', 'project_id', 'instance', 'created_at')
    .where('instance_uuid', p.instance_uuid),
);

const DELETE_BUILD_REQUEST = compiledStatement<{ instance_uuid: string }>((db, p) =>
  db('build_requests').where('instance_uuid', p.instance_uuid).del(),
);

// NOTE(perf): every server list reads these (a status watcher polls them every few ms).

const LIST_BUILD_REQUESTS = compiledStatement<Record<string, never>>((db) =>
  db('build_requests').select('instance_uuid', 'project_id', 'instance', 'created_at').orderBy('id'),
);

const LIST_PROJECT_BUILD_REQUESTS = compiledStatement<{ project_id: string }>((db, p) =>
  db('build_requests')
    .select('instance_uuid', 'project_id', 'instance', 'created_at')
    .where('project_id', p.project_id)
    .orderBy('id'),
);

export class KnexBuildRequestRepository implements BuildRequestRepository {
  constructor(private readonly db: Knex) {}

  async create(request: BuildRequest): Promise<void> {
    try {
      await CREATE_BUILD_REQUEST.run(this.db, {
        instance_uuid: request.instance_uuid,
        project_id: request.project_id,
        instance: JSON.stringify(request.instance),
        created_at: toDbTime(request.created_at) ?? nowDbTime(),
      });
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
      throw new Conflict(`BuildRequest for instance ${request.instance_uuid} already exists.`);
    }
  }

  async get(instanceUuid: string): Promise<BuildRequest | null> {
    const row = await GET_BUILD_REQUEST.run<BuildRequestRow | undefined>(this.db, {
      instance_uuid: instanceUuid,
    });
    return row ? fromRow(row) : null;
  }

  async list(query: { project_id?: string | null }): Promise<BuildRequest[]> {
    const rows = query.project_id
      ? await LIST_PROJECT_BUILD_REQUESTS.run<BuildRequestRow[]>(this.db, { project_id: query.project_id })
      : await LIST_BUILD_REQUESTS.run<BuildRequestRow[]>(this.db, {});
    return rows.map(fromRow);
  }

  async delete(instanceUuid: string): Promise<boolean> {
    return affectedRows(await DELETE_BUILD_REQUEST.run(this.db, { instance_uuid: instanceUuid })) > 0;
  }
}
