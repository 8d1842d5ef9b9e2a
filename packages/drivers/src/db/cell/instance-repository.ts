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
import { CompiledStatements, compiledStatement } from '../shared/compiled-statement.js';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTimeRequired, nowDbTime, toDbTime } from '../shared/db-time.js';
import { applyKeyset, applyOrder, markerNotFound, type SortKey } from '../shared/keyset-pagination.js';
import { sqlDialectOf } from '../shared/sql-dialect.js';
import { countInstancesByUser } from './instance-counts.js';
import {
  applyInstanceFilters,
  instanceSortKeys,
  nameRegex,
  plainInstanceList,
} from './instance-list-query.js';
import { INSTANCE_COLUMNS, instanceFromRow, instanceToRow } from './instance-row.js';

/** Rows fetched per round when the `name` regex filters in JS. */
const REGEX_BATCH = 500;
/** Stay well under SQLite's bound-parameter limit in IN (...) lists. */
const IN_CHUNK = 900;

// NOTE(perf): every server boot reads and updates its instance several times; knex compiles these once per dialect.

const GET_LIVE = compiledStatement<{ uuid: string }>((db, p) =>
  db('instances')
    .first(...INSTANCE_COLUMNS)
    .where('uuid', p.uuid)
    .where('deleted', 0),
);
const GET_ANY = compiledStatement<{ uuid: string }>((db, p) =>
  db('instances')
    .first(...INSTANCE_COLUMNS)
    .where('uuid', p.uuid),
);

/** Guarded updates by the columns they set and the expected states they check. */
const UPDATES = new CompiledStatements<Record<string, any>>();

/** Plain lists (instance-list-query.ts plainInstanceList) by their shape. */
const PLAIN_LISTS = new CompiledStatements<Record<string, unknown>>();

/** Soft deletes by the last values they write. */
const SOFT_DELETES = new CompiledStatements<Record<string, any>>();

/** The soft delete of one instance: `p` holds the last values by column, the uuid as ':uuid', the time as ':now'. */
function softDeleteOf(
  db: Knex,
  p: Record<string, any>,
  columns: readonly string[],
  keepsTerminatedAt: boolean,
): Knex.QueryBuilder {
  const values: Record<string, unknown> = {};
  for (const c of columns) values[c] = p[c];
  return db('instances')
    .where('uuid', p[':uuid'])
    .where('deleted', 0)
    .update({
      ...values,
      deleted: db.ref('id'),
      deleted_at: p[':now'],
      updated_at: p[':now'],
      vm_state: 'deleted',
      task_state: null,
      // A given terminated_at wins; else the one written before the delete stays, or it is now.
      terminated_at: keepsTerminatedAt
        ? db.raw('COALESCE(??, ?)', ['terminated_at', p[':now']])
        : p.terminated_at,
    });
}

interface UpdateShape {
  readonly key: string;
  readonly columns: readonly string[];
  /** The expected task states but NULL, which allowsNullTaskState stands for. */
  readonly taskStates: readonly string[];
  readonly guardsTaskState: boolean;
  readonly allowsNullTaskState: boolean;
  readonly vmStates: readonly string[];
  readonly guardsVmState: boolean;
  /** Whether the UPDATE returns the changed row (SQLite and PostgreSQL only). */
  readonly returning: boolean;
}

function updateShape(
  columns: readonly string[],
  expected: ExpectedState | undefined,
  returning: boolean,
): UpdateShape {
  const taskStates = (expected?.task_state?.filter((s) => s !== null) ?? []) as string[];
  const allowsNullTaskState = taskStates.length < (expected?.task_state?.length ?? 0);
  const vmStates = [...(expected?.vm_state ?? [])];
  const guardsTaskState = expected?.task_state !== undefined;
  const guardsVmState = expected?.vm_state !== undefined;
  const key = [
    columns.join(','),
    guardsTaskState ? taskStates.length : '-',
    allowsNullTaskState,
    guardsVmState ? vmStates.length : '-',
    returning,
  ].join('|');
  return {
    key,
    columns,
    taskStates,
    guardsTaskState,
    allowsNullTaskState,
    vmStates,
    guardsVmState,
    returning,
  };
}

/**
 * The guarded UPDATE of one instance: `p` holds the column values by name, the uuid as ':uuid'
 * and the expected states as ':task_state<i>' and ':vm_state<i>'.
 */
function guardedUpdate(db: Knex, p: Record<string, any>, shape: UpdateShape): Knex.QueryBuilder {
  const set: Record<string, unknown> = {};
  for (const c of shape.columns) set[c] = p[c];
  const qb = db('instances').where('uuid', p[':uuid']).where('deleted', 0);
  if (shape.guardsTaskState) {
    qb.where((w) => {
      w.whereIn(
        'task_state',
        shape.taskStates.map((_, i) => p[`:task_state${i}`]),
      );
      if (shape.allowsNullTaskState) w.orWhereNull('task_state');
    });
  }
  if (shape.guardsVmState)
    qb.whereIn(
      'vm_state',
      shape.vmStates.map((_, i) => p[`:vm_state${i}`]),
    );
  // SQLite and PostgreSQL apply the guarded write and read the row back in one statement.
  return shape.returning ? qb.update(set, INSTANCE_COLUMNS as unknown as string[]) : qb.update(set);
}

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
    const row = await (opts.readDeleted ? GET_ANY : GET_LIVE).run<Record<string, any> | undefined>(this.db, {
      uuid,
    });
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
    const plain = after ? null : plainInstanceList(query, keys, limit);
    if (plain) {
      return PLAIN_LISTS.run(
        this.db,
        plain.key,
        // NOTE(dialect): built once per dialect and shape, for whichever database runs it first.
        (db, p) => plain.build(db('instances').select(...INSTANCE_COLUMNS), p),
        plain.values,
      );
    }
    const qb = applyInstanceFilters(this.db('instances').select(this.#columns), query);
    if (after) applyKeyset(qb, keys, after);
    applyOrder(qb, keys);
    if (limit !== undefined) qb.limit(limit);
    return qb;
  }

  async update(uuid: string, values: InstanceUpdate, expected?: ExpectedState): Promise<Instance> {
    const result = await this.#guardedUpdate(uuid, values, expected, this.#returning);
    if (this.#returning) {
      const rows = result as Record<string, any>[];
      if (rows.length > 0) return instanceFromRow(rows[0]);
      throw await this.#lostUpdate(uuid, expected);
    }
    if (Number(result) === 0) throw await this.#lostUpdate(uuid, expected);
    // NOTE(mysql): MariaDB has no UPDATE ... RETURNING, so the row is read again.
    const updated = await this.get(uuid, { readDeleted: true });
    if (!updated) throw new InstanceNotFound(uuid);
    return updated;
  }

  async apply(uuid: string, values: InstanceUpdate, expected?: ExpectedState): Promise<void> {
    const n = Number(await this.#guardedUpdate(uuid, values, expected, false));
    if (n === 0) throw await this.#lostUpdate(uuid, expected);
  }

  /**
   * The UPDATE of `values` (updated_at bumped) on the live row, guarded by `expected`:
   * the changed rows when `returning`, else the count of rows changed.
   */
  async #guardedUpdate(
    uuid: string,
    values: InstanceUpdate,
    expected: ExpectedState | undefined,
    returning: boolean,
  ): Promise<unknown> {
    const row = instanceToRow(values, this.db);
    delete row.uuid;
    if (values.updated_at === undefined) row.updated_at = nowDbTime();
    const shape = updateShape(Object.keys(row), expected, returning);
    const params: Record<string, unknown> = { ...row, ':uuid': uuid };
    shape.taskStates.forEach((s, i) => {
      params[`:task_state${i}`] = s;
    });
    shape.vmStates.forEach((s, i) => {
      params[`:vm_state${i}`] = s;
    });
    const build = (db: Knex, p: Record<string, any>) => guardedUpdate(db, p, shape);
    // A column set to SQL (a `deleted` = id) is no bound value: knex builds that update anew.
    return Object.values(row).some(isKnexSql)
      ? await build(this.db, params)
      : await UPDATES.run(this.db, shape.key, build, params);
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
    const values = last ? instanceToRow(last, this.db) : {};
    delete values.uuid;
    const columns = Object.keys(values);
    const params = { ...values, ':uuid': uuid, ':now': nowDbTime() };
    const keepsTerminatedAt = values.terminated_at === null || values.terminated_at === undefined;
    const build = (db: Knex, p: Record<string, any>) => softDeleteOf(db, p, columns, keepsTerminatedAt);
    // A column set to SQL (a `deleted` = id) is no bound value: knex builds that update anew.
    if (Object.values(values).some(isKnexSql)) await build(this.db, params);
    else await SOFT_DELETES.run(this.db, `${columns.join(',')}|${keepsTerminatedAt}`, build, params);
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

/** A knex Raw or Ref: SQL of its own rather than a value to bind. */
function isKnexSql(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}
