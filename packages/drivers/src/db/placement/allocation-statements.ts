/**
 * The statements of an allocation write (allocation-writer.ts), each compiled
 * once per dialect and per list length: a boot's claim and its delete run
 * them with one consumer, one provider and a few resource classes every time.
 * Lists are bound one parameter per item, `<list><index>`.
 */
import type { Knex } from 'knex';
import { CompiledStatements, compiledStatement } from '../shared/compiled-statement.js';
import { sqlDialectOf } from '../shared/sql-dialect.js';

type Row = Record<string, any>;
type Values = Record<string, unknown>;

const CONSUMERS = new CompiledStatements<Values>();
const OLD_ALLOCATIONS = new CompiledStatements<Values>();
const HELD_ALLOCATIONS = new CompiledStatements<Values>();
const PROVIDERS = new CompiledStatements<Values>();
const INVENTORIES = new CompiledStatements<Values>();
const DELETE_ALLOCATIONS = new CompiledStatements<Values>();
const INSERT_ALLOCATIONS = new CompiledStatements<Values>();

/** The placeholders of list `name` with `n` items. */
function listOf(p: Values, name: string, n: number): any[] {
  return Array.from({ length: n }, (_, i) => p[`${name}${i}`]);
}

/** Adds the items of `list` to `values` as `name0`, `name1`, ... */
function bindList(values: Values, name: string, list: readonly unknown[]): Values {
  list.forEach((v, i) => {
    values[`${name}${i}`] = v;
  });
  return values;
}

/** Locks rows on MySQL and PostgreSQL; SQLite's single writer connection already serialises. */
function locked(db: Knex, q: Knex.QueryBuilder): Knex.QueryBuilder {
  return sqlDialectOf(db) === 'sqlite' ? q : q.forUpdate();
}

/** The consumers' rows, locked. */
export function selectConsumers(trx: Knex.Transaction, uuids: readonly string[]): Promise<Row[]> {
  const n = uuids.length;
  return CONSUMERS.run(
    trx,
    `${n}`,
    (db, p) =>
      locked(
        db,
        db('consumers')
          .whereIn('uuid', listOf(p, 'uuid', n))
          .select(),
      ),
    bindList({}, 'uuid', uuids),
  );
}

/** The allocations the consumers hold now. */
export function selectOldAllocations(
  trx: Knex.Transaction,
  consumerUuids: readonly string[],
): Promise<Row[]> {
  const n = consumerUuids.length;
  return OLD_ALLOCATIONS.run(
    trx,
    `${n}`,
    (db, p) =>
      db('allocations')
        .whereIn('consumer_id', listOf(p, 'consumer', n))
        .select('resource_provider_id', 'resource_class_id', 'consumer_id'),
    bindList({}, 'consumer', consumerUuids),
  );
}

/** The allocations the consumers hold now, each with its provider's uuid and the amount used. */
export function selectHeldAllocations(
  trx: Knex.Transaction,
  consumerUuids: readonly string[],
): Promise<Row[]> {
  const n = consumerUuids.length;
  return HELD_ALLOCATIONS.run(
    trx,
    `${n}`,
    (db, p) =>
      db('allocations as a')
        .join('resource_providers as rp', 'rp.id', 'a.resource_provider_id')
        .whereIn('a.consumer_id', listOf(p, 'consumer', n))
        .select('rp.uuid', 'a.resource_class_id', 'a.used'),
    bindList({}, 'consumer', consumerUuids),
  );
}

/** The providers by uuid or id, locked in id order. */
export function lockProviders(
  trx: Knex.Transaction,
  uuids: readonly string[],
  ids: readonly number[],
): Promise<Row[]> {
  const [u, i] = [uuids.length, ids.length];
  return PROVIDERS.run(
    trx,
    `${u}|${i}`,
    (db, p) =>
      locked(
        db,
        db('resource_providers')
          .where((q) => {
            if (u) q.whereIn('uuid', listOf(p, 'uuid', u));
            if (i) q.orWhereIn('id', listOf(p, 'id', i));
          })
          .orderBy('id')
          .select('id', 'uuid', 'generation'),
      ),
    bindList(bindList({}, 'uuid', uuids), 'id', ids),
  );
}

/** The providers' inventories, each with the usage of consumers other than `consumerUuids`. */
export function inventoriesWithOthersUsage(
  trx: Knex.Transaction,
  providerIds: readonly number[],
  consumerUuids: readonly string[],
): Promise<Row[]> {
  const [r, c] = [providerIds.length, consumerUuids.length];
  return INVENTORIES.run(
    trx,
    `${r}|${c}`,
    (db, p) =>
      db('inventories as i')
        .whereIn('i.resource_provider_id', listOf(p, 'provider', r))
        .select(...inventoryColumns(db, p, c)),
    bindList(bindList({}, 'provider', providerIds), 'consumer', consumerUuids),
  );
}

/** The columns of an inventory row with the other consumers' usage of it (`used`). */
function inventoryColumns(db: Knex, p: Values, c: number): any[] {
  return [
    'i.resource_provider_id',
    'i.resource_class_id',
    'i.total',
    'i.reserved',
    'i.min_unit',
    'i.max_unit',
    'i.step_size',
    'i.allocation_ratio',
    db('allocations as a')
      .sum('a.used')
      .where('a.resource_provider_id', db.ref('i.resource_provider_id'))
      .where('a.resource_class_id', db.ref('i.resource_class_id'))
      .whereNotIn('a.consumer_id', listOf(p, 'consumer', c))
      .as('used'),
  ];
}

export function deleteAllocations(trx: Knex.Transaction, consumerUuids: readonly string[]): Promise<unknown> {
  const n = consumerUuids.length;
  return DELETE_ALLOCATIONS.run(
    trx,
    `${n}`,
    (db, p) =>
      db('allocations')
        .whereIn('consumer_id', listOf(p, 'consumer', n))
        .delete(),
    bindList({}, 'consumer', consumerUuids),
  );
}

export interface AllocationRow {
  readonly resource_provider_id: number;
  readonly consumer_id: string;
  readonly resource_class_id: number;
  readonly used: number;
}

const ALLOCATION_COLUMNS = ['resource_provider_id', 'consumer_id', 'resource_class_id', 'used'] as const;

export function insertAllocations(trx: Knex.Transaction, rows: readonly AllocationRow[]): Promise<unknown> {
  const n = rows.length;
  const values: Values = {};
  rows.forEach((row, i) => {
    for (const c of ALLOCATION_COLUMNS) values[`${c}${i}`] = row[c];
  });
  return INSERT_ALLOCATIONS.run(
    trx,
    `${n}`,
    (db, p) =>
      db('allocations').insert(
        Array.from({ length: n }, (_, i) =>
          Object.fromEntries(ALLOCATION_COLUMNS.map((c) => [c, p[`${c}${i}`]])),
        ),
      ),
    values,
  );
}

export const INSERT_CONSUMER = compiledStatement<{
  uuid: string;
  project_id: number;
  user_id: number;
  consumer_type: string;
}>((db, p) =>
  db('consumers').insert({
    uuid: p.uuid,
    project_id: p.project_id,
    user_id: p.user_id,
    generation: 1,
    consumer_type: p.consumer_type,
  }),
);

/**
 * A consumer the write expects to be new (consumer_generation null): inserted
 * first, instead of a SELECT that finds no row. A row already there is no
 * error here: SQLite and PostgreSQL skip it and return no id (PostgreSQL
 * would otherwise abort the transaction); MySQL's duplicate-key error leaves
 * its transaction usable, and INSERT IGNORE would hide other errors.
 */
export const INSERT_NEW_CONSUMER = compiledStatement<{
  uuid: string;
  project_id: number;
  user_id: number;
  consumer_type: string;
}>((db, p) => {
  const insert = db('consumers').insert({
    uuid: p.uuid,
    project_id: p.project_id,
    user_id: p.user_id,
    generation: 1,
    consumer_type: p.consumer_type,
  });
  return sqlDialectOf(db) === 'mysql' ? insert : insert.onConflict('uuid').ignore().returning('id');
});

/** The stored generation of a consumer (after INSERT_NEW_CONSUMER found it there). */
export const CONSUMER_GENERATION = compiledStatement<{ uuid: string }>((db, p) =>
  db('consumers').first('generation').where('uuid', p.uuid),
);

/** Compare-and-bump of a consumer's generation with its new owner and type. */
export const UPDATE_CONSUMER = compiledStatement<{
  id: number;
  generation: number;
  next: number;
  project_id: number;
  user_id: number;
  consumer_type: string;
}>((db, p) =>
  db('consumers').where({ id: p.id, generation: p.generation }).update({
    generation: p.next,
    project_id: p.project_id,
    user_id: p.user_id,
    consumer_type: p.consumer_type,
    updated_at: db.fn.now(),
  }),
);

export const DELETE_CONSUMER = compiledStatement<{ id: number }>((db, p) =>
  db('consumers').where({ id: p.id }).delete(),
);

export const DELETE_CONSUMER_BY_UUID = compiledStatement<{ uuid: string }>((db, p) =>
  db('consumers').where({ uuid: p.uuid }).delete(),
);
