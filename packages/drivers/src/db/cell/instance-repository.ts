/**
 * Instances and their faults in a cell database. Guarded updates are one
 * UPDATE whose WHERE clause carries the expected states (Nova's
 * expected_task_state), so two racing writers cannot both win; reads and
 * lists are single statements (plus the marker lookup when paginating).
 */
import {
  Conflict,
  type ExpectedState,
  hasRegexFilters,
  hasTagFilters,
  type Instance,
  type InstanceCountByUser,
  type InstanceFault,
  type InstanceListQuery,
  InstanceNotFound,
  type InstanceRepository,
  type InstanceUpdate,
  instanceRegexMatcher,
  matchesTagFilters,
  UnexpectedTaskStateError,
} from '@novats/core';
import type { Knex } from 'knex';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTimeRequired, nowDbTime, toDbTime } from '../shared/db-time.js';
import { applyKeyset, applyOrder, markerNotFound, type SortKey } from '../shared/keyset-pagination.js';
import { sqlDialectOf } from '../shared/sql-dialect.js';
import { countInstancesByUser } from './instance-counts.js';
import { applyInstanceFilters, instanceSortKeys, nameRegex } from './instance-list-query.js';
import { INSTANCE_COLUMNS, instanceFromRow, instanceToRow } from './instance-row.js';

/** Rows fetched per round when the `name` regex filters in JS. */
const REGEX_BATCH = 500;
/** Stay well under SQLite's bound-parameter limit in IN (...) lists. */
const IN_CHUNK = 900;

export class KnexInstanceRepository implements InstanceRepository {
  /** SQLite (>= 3.35) and PostgreSQL have UPDATE ... RETURNING; MariaDB does not. */
  readonly #returning: boolean;
  /**
   * INSTANCE_COLUMNS quoted once for this dialect: knex would quote every
   * column again on each read (about 40 µs of a single-row read).
   */
  readonly #columns: Knex.Raw;

  constructor(private readonly db: Knex) {
    this.#returning = sqlDialectOf(db) !== 'mysql';
    const quoted = db
      .queryBuilder()
      .select(...INSTANCE_COLUMNS)
      .toSQL().sql;
    this.#columns = db.raw(quoted.replace(/^select /i, ''));
  }

  async create(instance: Instance): Promise<void> {
    try {
      await this.db('instances').insert(instanceToRow(instance, this.db));
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
      throw new Conflict(`Instance ${instance.uuid} already exists.`);
    }
  }

  async get(uuid: string, opts: { readDeleted?: boolean } = {}): Promise<Instance | null> {
    const qb = this.db('instances').first(this.#columns).where('uuid', uuid);
    if (!opts.readDeleted) qb.where('deleted', 0);
    const row = await qb;
    return row ? instanceFromRow(row) : null;
  }

  async list(query: InstanceListQuery): Promise<Instance[]> {
    if (query.limit === 0 || query.uuids?.length === 0) return [];
    const keys = instanceSortKeys(query);
    const re = nameRegex(query);
    const byTags = hasTagFilters(query);
    const byRegex = hasRegexFilters(query) ? instanceRegexMatcher(query) : null;
    let after: Record<string, unknown> | undefined;
    if (query.marker !== undefined) {
      // Nova looks the marker up with read_deleted='yes'.
      after = await this.db('instances')
        .first(...keys.map((k) => k.column))
        .where('uuid', query.marker);
      if (!after) throw markerNotFound(query.marker);
    }
    if (!re && !byTags && !byRegex)
      return (await this.#page(query, keys, after, query.limit)).map(instanceFromRow);

    // The regex and the tag filters run in JS: read in keyset batches until `limit` rows matched.
    const out: Instance[] = [];
    const batch = Math.max(query.limit ?? 0, REGEX_BATCH);
    for (;;) {
      const rows = await this.#page(query, keys, after, batch);
      for (const row of rows) {
        if (re && !re.test(row.display_name ?? '')) continue;
        const instance = instanceFromRow(row);
        if (byTags && !matchesTagFilters(instance.tags, query)) continue;
        if (byRegex && !byRegex(instance)) continue;
        out.push(instance);
        if (query.limit !== undefined && out.length >= query.limit) return out;
      }
      if (rows.length < batch) return out;
      after = rows[rows.length - 1];
    }
  }

  #page(
    query: InstanceListQuery,
    keys: readonly SortKey[],
    after: Record<string, unknown> | undefined,
    limit: number | undefined,
  ): Promise<Record<string, any>[]> {
    const qb = applyInstanceFilters(this.db('instances').select(this.#columns), query);
    if (after) applyKeyset(qb, keys, after);
    applyOrder(qb, keys);
    if (limit !== undefined) qb.limit(limit);
    return qb;
  }

  async update(uuid: string, values: InstanceUpdate, expected?: ExpectedState): Promise<Instance> {
    const { qb, row } = this.#guardedUpdate(uuid, values, expected);
    if (this.#returning) {
      // One statement both applies the guarded write and reads the row back.
      const rows = (await qb.update(row, INSTANCE_COLUMNS as unknown as string[])) as Record<string, any>[];
      if (rows.length > 0) return instanceFromRow(rows[0]);
      throw await this.#lostUpdate(uuid, expected);
    }
    const n = Number(await qb.update(row));
    if (n === 0) throw await this.#lostUpdate(uuid, expected);
    // NOTE(mysql): MariaDB has no UPDATE ... RETURNING, so the row is read again.
    const updated = await this.get(uuid, { readDeleted: true });
    if (!updated) throw new InstanceNotFound(uuid);
    return updated;
  }

  async apply(uuid: string, values: InstanceUpdate, expected?: ExpectedState): Promise<void> {
    const { qb, row } = this.#guardedUpdate(uuid, values, expected);
    const n = Number(await qb.update(row));
    if (n === 0) throw await this.#lostUpdate(uuid, expected);
  }

  /** The UPDATE of `values` (updated_at bumped) on the live row, guarded by `expected`. */
  #guardedUpdate(uuid: string, values: InstanceUpdate, expected: ExpectedState | undefined) {
    const row = instanceToRow(values, this.db);
    delete row.uuid;
    if (values.updated_at === undefined) row.updated_at = nowDbTime();
    const qb = this.db('instances').where('uuid', uuid).where('deleted', 0);
    if (expected?.task_state) {
      const states = expected.task_state.filter((s) => s !== null);
      const allowsNull = states.length < expected.task_state.length;
      qb.where((w) => {
        w.whereIn('task_state', states);
        if (allowsNull) w.orWhereNull('task_state');
      });
    }
    if (expected?.vm_state) qb.whereIn('vm_state', [...expected.vm_state]);
    return { qb, row };
  }

  /** Why a guarded update matched no row: the instance is gone or moved on. */
  async #lostUpdate(uuid: string, expected: ExpectedState | undefined): Promise<Error> {
    const current = await this.get(uuid);
    if (!current || !expected) return new InstanceNotFound(uuid);
    return new UnexpectedTaskStateError(uuid, expected, {
      task_state: current.task_state,
      vm_state: current.vm_state,
    });
  }

  countByUser(projectId: string, excludeUuids: readonly string[] = []): Promise<InstanceCountByUser[]> {
    return countInstancesByUser(this.db, projectId, excludeUuids);
  }

  async softDelete(uuid: string, last?: InstanceUpdate): Promise<void> {
    const now = nowDbTime();
    const values = last ? instanceToRow(last, this.db) : {};
    delete values.uuid;
    await this.db('instances')
      .where('uuid', uuid)
      .where('deleted', 0)
      .update({
        ...values,
        deleted: this.db.ref('id'),
        deleted_at: now,
        updated_at: now,
        vm_state: 'deleted',
        task_state: null,
        // A given terminated_at wins, as when it was written before the delete.
        terminated_at: values.terminated_at ?? this.db.raw('COALESCE(??, ?)', ['terminated_at', now]),
      });
  }

  async addFault(fault: InstanceFault): Promise<void> {
    await this.db('instance_faults').insert({
      instance_uuid: fault.instance_uuid,
      code: fault.code,
      // Nova truncates the message to the column's 255 characters.
      message: fault.message.slice(0, 255),
      details: fault.details,
      host: fault.host,
      created_at: toDbTime(fault.created_at) ?? nowDbTime(),
    });
  }

  async latestFaults(uuids: readonly string[]): Promise<Map<string, InstanceFault>> {
    const out = new Map<string, InstanceFault>();
    for (let i = 0; i < uuids.length; i += IN_CHUNK) {
      const rows = await this.db('instance_faults')
        .select('instance_uuid', 'code', 'message', 'details', 'host', 'created_at')
        .whereIn('instance_uuid', uuids.slice(i, i + IN_CHUNK))
        .where('deleted', 0)
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ]);
      for (const r of rows) {
        if (out.has(r.instance_uuid)) continue;
        out.set(r.instance_uuid, {
          instance_uuid: r.instance_uuid,
          code: Number(r.code),
          message: r.message ?? '',
          details: r.details ?? '',
          host: r.host,
          created_at: fromDbTimeRequired(r.created_at),
        });
      }
    }
    return out;
  }
}
