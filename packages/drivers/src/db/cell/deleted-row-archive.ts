/**
 * Archiving soft-deleted rows of a cell database into its `shadow_*` tables
 * and purging those, as Nova's `db.archive_deleted_rows` and
 * `purge_shadow_tables` do. Tables are visited parents first; the rows that
 * refer to an archived instance (its faults) move with it in the same
 * transaction, whatever their own `deleted` flag, so that a shadow instance
 * never loses its faults half-way. Statements are plain INSERT ... SELECT and
 * DELETE, the same on every dialect.
 */
import { type ArchiveResult, type DeletedRowArchive, NovaError } from '@novats/core';
import type { Knex } from 'knex';
import { toDbTime } from '../shared/db-time.js';
import { affectedRows } from '../shared/knex-connection.js';
import { SHADOW_TABLE_PREFIX, SHADOWED_TABLES } from './cell-shadow-migrations.js';

/** Rows that refer to a parent row (Nova follows foreign keys; this schema declares them here). */
interface Dependent {
  readonly table: string;
  /** The referring column of `table`. */
  readonly column: string;
  /** The referenced column of the parent. */
  readonly parentColumn: string;
}

const DEPENDENTS: Readonly<Record<string, readonly Dependent[]>> = {
  instances: [{ table: 'instance_faults', column: 'instance_uuid', parentColumn: 'uuid' }],
};

/** Keeps IN (...) lists under SQLite's bound-parameter limit. */
const IN_CHUNK = 500;

/** A shadow table lacks columns of its table: a migration forgot `alterWithShadow`. */
export class ShadowTableMismatch extends NovaError {
  readonly code = 'cells.archive.shadow_table_mismatch';
  readonly status = 500 as const;
  constructor(table: string, missing: readonly string[]) {
    super(
      `${SHADOW_TABLE_PREFIX}${table} lacks the columns ${missing.join(', ')} of ${table}; ` +
        'run "nova-manage db sync" or fix the migration that added them.',
    );
  }
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_CHUNK) out.push(items.slice(i, i + IN_CHUNK));
  return out;
}

/** One batch of rows to move, children before parents. */
interface Move {
  readonly table: string;
  readonly ids: readonly number[];
}

export class KnexDeletedRowArchive implements DeletedRowArchive {
  readonly #columns = new Map<string, string[]>();

  constructor(private readonly db: Knex) {}

  async archiveDeletedRows(opts: { maxRows: number; before?: string }): Promise<ArchiveResult> {
    const tables: Record<string, number> = {};
    let instanceUuids: string[] = [];
    let total = 0;
    for (const table of SHADOWED_TABLES) {
      const pass = await this.#archiveTable(table, opts.maxRows - total, opts.before);
      total += pass.archived;
      if (table === 'instances') instanceUuids = pass.instanceUuids;
      // Nova reports a table only when its own rows moved, then adds what followed them.
      if (pass.archived > 0) {
        tables[table] = (tables[table] ?? 0) + pass.archived;
        for (const [name, n] of Object.entries(pass.extras)) {
          tables[name] = (tables[name] ?? 0) + n;
          total += n;
        }
      }
      if (total >= opts.maxRows) break;
    }
    return { tables, instanceUuids, total };
  }

  async #archiveTable(
    table: string,
    limit: number,
    before: string | undefined,
  ): Promise<{ archived: number; instanceUuids: string[]; extras: Record<string, number> }> {
    const none = { archived: 0, instanceUuids: [], extras: {} };
    if (limit <= 0) return none;
    const select = this.db(table).select('id').whereNot('deleted', 0);
    if (before) select.where('deleted_at', '<', toDbTime(before));
    const ids = (await select.orderBy('id').limit(limit)).map((r: { id: unknown }) => Number(r.id));
    if (ids.length === 0) return none;

    const moves = [...(await this.#dependentMoves(table, ids)), { table, ids }];
    for (const m of moves) await this.#columnsOf(m.table);
    let instanceUuids: string[] = [];
    if (table === 'instances') {
      for (const part of chunks(ids))
        instanceUuids.push(...(await this.db(table).whereIn('id', part).pluck('uuid')));
    }

    const extras: Record<string, number> = {};
    let archived = 0;
    await this.db.transaction(async (trx) => {
      for (const m of moves) {
        const moved = await this.#move(trx, m);
        if (m.table === table) archived += moved;
        else extras[m.table] = (extras[m.table] ?? 0) + moved;
      }
    });
    if (archived === 0) instanceUuids = [];
    return { archived, instanceUuids, extras };
  }

  /** The rows referring to `ids` of `table`, deepest first, as Nova's `_get_fk_stmts`. */
  async #dependentMoves(table: string, ids: readonly number[]): Promise<Move[]> {
    const out: Move[] = [];
    for (const dep of DEPENDENTS[table] ?? []) {
      const childIds: number[] = [];
      for (const part of chunks(ids)) {
        const rows = await this.db(dep.table)
          .select('id')
          .whereIn(dep.column, this.db(table).select(dep.parentColumn).whereIn('id', part));
        childIds.push(...rows.map((r: { id: unknown }) => Number(r.id)));
      }
      if (childIds.length === 0) continue;
      out.unshift({ table: dep.table, ids: childIds });
      out.unshift(...(await this.#dependentMoves(dep.table, childIds)));
    }
    return out;
  }

  /** Copies the rows into the shadow table and deletes them; resolves the rows deleted. */
  async #move(trx: Knex.Transaction, m: Move): Promise<number> {
    const columns = await this.#columnsOf(m.table);
    const list = columns.map(() => '??').join(', ');
    let n = 0;
    for (const part of chunks(m.ids)) {
      await trx.raw(
        `INSERT INTO ?? (${list}) SELECT ${list} FROM ?? WHERE ?? IN (${part.map(() => '?').join(', ')})`,
        [`${SHADOW_TABLE_PREFIX}${m.table}`, ...columns, ...columns, m.table, 'id', ...part],
      );
      n += affectedRows(await trx(m.table).whereIn('id', part).del());
    }
    return n;
  }

  /** The table's columns, once checked to all exist in its shadow table. */
  async #columnsOf(table: string): Promise<string[]> {
    const known = this.#columns.get(table);
    if (known) return known;
    const columns = Object.keys(await this.db(table).columnInfo());
    const shadow = new Set(Object.keys(await this.db(`${SHADOW_TABLE_PREFIX}${table}`).columnInfo()));
    const missing = columns.filter((c) => !shadow.has(c));
    if (missing.length > 0) throw new ShadowTableMismatch(table, missing);
    this.#columns.set(table, columns);
    return columns;
  }

  async purgeShadowTables(opts: { before?: string; onStatus?: (message: string) => void }): Promise<number> {
    const say = opts.onStatus ?? (() => {});
    const before = opts.before ? toDbTime(opts.before) : null;
    let total = 0;
    const shadows = SHADOWED_TABLES.map((t) => `${SHADOW_TABLE_PREFIX}${t}`).sort();
    for (const shadow of shadows) {
      let column: string | null = null;
      if (before !== null) {
        const info = await this.db(shadow).columnInfo();
        column = ['deleted_at', 'updated_at', 'created_at'].find((c) => c in info) ?? null;
        if (!column) {
          say(`Unable to purge table ${shadow} because it has no timestamp column`);
          continue;
        }
      }
      const qb = this.db(shadow);
      if (column) qb.where(column, '<', before as string);
      const n = affectedRows(await qb.del());
      if (n > 0) say(`Deleted ${n} rows from ${shadow} based on timestamp column ${column ?? '(n/a)'}`);
      total += n;
    }
    return total;
  }
}
