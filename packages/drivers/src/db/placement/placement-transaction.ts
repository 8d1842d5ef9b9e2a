/**
 * Write transactions for the placement database. Each one bumps the global
 * change counter last on MySQL and PostgreSQL (a fixed lock order: consumers,
 * providers by id, then the counter) and first on SQLite (which has one
 * writer anyway), runs READ COMMITTED on the servers so rows locked FOR
 * UPDATE are read as committed (set per transaction, or once per connection
 * when the caller says its sessions already run it), and is retried on deadlocks, serialization
 * failures and provider generation races, as Placement's
 * `allocation_conflict_retry_count` (10) does.
 */
import { ConcurrentUpdateDetected, PlacementError, PlacementErrorCode } from '@novats/core';
import type { Knex } from 'knex';
import { compiledStatement } from '../shared/compiled-statement.js';
import { type SqlDialect, sqlDialectOf } from '../shared/sql-dialect.js';

export type PlacementDialect = SqlDialect;

/** PostgreSQL SQLSTATEs: deadlock_detected, serialization_failure, lock_not_available, unique_violation. */
const PG_RETRIABLE = new Set(['40P01', '40001', '55P03']);
const PG_UNIQUE_VIOLATION = '23505';

/** A provider generation race that the transaction may retry from the start. */
export class ProviderGenerationRace extends ConcurrentUpdateDetected {}

export const ALLOCATION_CONFLICT_RETRY_COUNT = 10;

/** SQLite and PostgreSQL: the bumped change counter comes back with UPDATE ... RETURNING. */
const BUMP_COUNTER = compiledStatement<Record<string, never>>((db) =>
  db('placement_change_counter')
    .where({ id: 1 })
    .update({ counter: db.raw('counter + 1') }, ['counter']),
);

/** The compare-and-bump of bumpProviderGeneration. */
const BUMP_GENERATION = compiledStatement<{ id: number; expected: number; next: number }>((db, p) =>
  db('resource_providers')
    .where({ id: p.id, generation: p.expected })
    .update({ generation: p.next, updated_at: db.fn.now() }),
);

function isDeadlock(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return (
    code === 'ER_LOCK_DEADLOCK' ||
    code === 'ER_LOCK_WAIT_TIMEOUT' ||
    code === 'SQLITE_BUSY' ||
    (code !== undefined && PG_RETRIABLE.has(code))
  );
}

export function isDuplicateEntry(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e?.code === 'ER_DUP_ENTRY' ||
    e?.code === PG_UNIQUE_VIOLATION ||
    (e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE|PRIMARY/.test(e.message ?? ''))
  );
}

/**
 * Where a transaction body that bumped the change counter itself (MySQL and
 * PostgreSQL, in the statement of its last provider generation bump) leaves the new value,
 * so that writeTransaction does not bump it again.
 */
export interface CounterSlot {
  counter?: number;
}

export interface WriteResult<T> {
  readonly value: T;
  /** The change counter this transaction committed. */
  readonly counter: number;
}

/** Runs `fn` in a write transaction; see the module comment for the policy. */
export async function writeTransaction<T>(
  knex: Knex,
  dialect: PlacementDialect,
  fn: (trx: Knex.Transaction, counter: CounterSlot) => Promise<T>,
  retries = ALLOCATION_CONFLICT_RETRY_COUNT,
  opts: { readCommittedSessions?: boolean } = {},
): Promise<WriteResult<T>> {
  // NOTE(perf): a session already READ COMMITTED needs no SET TRANSACTION statement.
  const config =
    dialect === 'sqlite' || opts.readCommittedSessions
      ? undefined
      : { isolationLevel: 'read committed' as const };
  for (let attempt = 0; ; attempt++) {
    try {
      return await knex.transaction(async (trx) => {
        if (dialect === 'sqlite') {
          // NOTE(sqlite): writing first takes the write lock while the busy
          // timeout still applies; a deferred transaction that reads first
          // fails with SQLITE_BUSY when another process wrote in between.
          // The counter is bumped already, so the body's slot is ignored.
          const [row] = await BUMP_COUNTER.run<{ counter: number }[]>(trx, {});
          const value = await fn(trx, {});
          return { value, counter: Number(row.counter) };
        }
        const slot: CounterSlot = {};
        const value = await fn(trx, slot);
        if (slot.counter !== undefined) return { value, counter: slot.counter };
        if (dialect === 'postgresql') {
          const [row] = await BUMP_COUNTER.run<{ counter: number }[]>(trx, {});
          return { value, counter: Number(row.counter) };
        }
        // NOTE(mysql): no UPDATE ... RETURNING; LAST_INSERT_ID(expr) hands the
        // new value back in the statement's own reply (insertId), so no SELECT.
        const [header] = await trx.raw(
          'UPDATE placement_change_counter SET counter = LAST_INSERT_ID(counter + 1) WHERE id = 1',
        );
        return { value, counter: Number((header as { insertId: number | string }).insertId) };
      }, config);
    } catch (err) {
      const retriable = isDeadlock(err) || err instanceof ProviderGenerationRace;
      if (!retriable || attempt >= retries) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
    }
  }
}

/**
 * Compare-and-bump of a provider generation: UPDATE ... WHERE generation=?.
 * Zero rows means someone else wrote first.
 */
export async function bumpProviderGeneration(
  trx: Knex.Transaction,
  providerId: number,
  expected: number,
  race: 'retry' | 'fail' = 'fail',
): Promise<number> {
  const n = Number(await BUMP_GENERATION.run(trx, { id: providerId, expected, next: expected + 1 }));
  if (n === 0) {
    throw race === 'retry'
      ? new ProviderGenerationRace('resource provider generation conflict')
      : new ConcurrentUpdateDetected('resource provider generation conflict');
  }
  return expected + 1;
}

/**
 * bumpProviderGeneration and the change counter's bump in one statement, for
 * the transaction's last write on the servers. The provider row is locked
 * already, so the counter stays the last lock taken; a generation that moved
 * matches no row and bumps neither. MySQL: a multi-table UPDATE, whose
 * LAST_INSERT_ID(expr) hands the counter back in the reply (insertId), as in
 * writeTransaction. PostgreSQL: the generation's UPDATE in a WITH, the
 * counter's UPDATE ... RETURNING only when it changed a row.
 */
export async function bumpProviderGenerationAndCounter(
  trx: Knex.Transaction,
  providerId: number,
  expected: number,
  slot: CounterSlot,
): Promise<number> {
  const bindings = [expected + 1, providerId, expected];
  let counter: number | undefined;
  if (sqlDialectOf(trx) === 'postgresql') {
    const { rows } = await trx.raw(
      'WITH g AS (UPDATE resource_providers SET generation = ?, updated_at = CURRENT_TIMESTAMP ' +
        'WHERE id = ? AND generation = ? RETURNING id) ' +
        'UPDATE placement_change_counter SET counter = counter + 1 ' +
        'WHERE id = 1 AND EXISTS (SELECT 1 FROM g) RETURNING counter',
      bindings,
    );
    if (rows.length) counter = Number(rows[0].counter);
  } else {
    const [header] = await trx.raw(
      'UPDATE resource_providers rp JOIN placement_change_counter c ON c.id = 1 ' +
        'SET rp.generation = ?, rp.updated_at = CURRENT_TIMESTAMP, c.counter = LAST_INSERT_ID(c.counter + 1) ' +
        'WHERE rp.id = ? AND rp.generation = ?',
      bindings,
    );
    const { affectedRows, insertId } = header as { affectedRows: number; insertId: number | string };
    if (affectedRows > 0) counter = Number(insertId);
  }
  if (counter === undefined) throw new ProviderGenerationRace('resource provider generation conflict');
  slot.counter = counter;
  return expected + 1;
}

export interface ProviderRow {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly generation: number;
  readonly parent_provider_id: number | null;
  readonly root_provider_id: number | null;
}

export function providerNotFound(uuid: string): PlacementError {
  return new PlacementError(
    404,
    `No resource provider with uuid ${uuid} found`,
    PlacementErrorCode.RESOURCE_PROVIDER_NOT_FOUND,
  );
}

/** The provider's row, or a 404 `placement.resource_provider.not_found`. */
export async function requireProvider(q: Knex | Knex.Transaction, uuid: string): Promise<ProviderRow> {
  const row = await q('resource_providers').where({ uuid }).first();
  if (!row) throw providerNotFound(uuid);
  return { ...row, id: Number(row.id), generation: Number(row.generation) };
}
