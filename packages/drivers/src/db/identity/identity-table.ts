/**
 * One identity table behind a small typed interface: rows in and out as
 * plain objects, booleans and JSON columns converted the same way on every
 * dialect (SQLite and MySQL hand back 0/1, PostgreSQL true/false). Keystone's
 * rules live in the identity service; this only loads and stores.
 */
import type { Knex } from 'knex';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTime, toDbTime } from '../shared/db-time.js';
import { affectedRows } from '../shared/knex-connection.js';

export type ColumnKind = 'string' | 'bool' | 'json' | 'time';

/** A unique key was violated (Keystone answers 409 Conflict). */
export class IdentityDuplicate extends Error {
  readonly kind = 'identity-duplicate';
}

export class IdentityTable<Row extends object> {
  constructor(
    readonly knex: Knex,
    readonly table: string,
    readonly columns: Readonly<Record<keyof Row & string, ColumnKind>>,
    /** Called after every write (the service drops its caches). */
    private readonly onWrite: () => void,
    /** Column that orders listings (creation order for the catalog). */
    private readonly orderBy = 'id',
  ) {}

  toRow(raw: Record<string, unknown>): Row {
    const row: Record<string, unknown> = {};
    for (const [name, kind] of Object.entries(this.columns) as [string, ColumnKind][]) {
      const v = raw[name];
      if (kind === 'bool') row[name] = v === true || v === 1 || v === '1';
      else if (kind === 'json') row[name] = typeof v === 'string' && v !== '' ? JSON.parse(v) : null;
      else if (kind === 'time') row[name] = fromDbTime(v);
      else row[name] = v ?? null;
    }
    return row as Row;
  }

  toDb(row: Partial<Row>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) {
      const kind = (this.columns as Record<string, ColumnKind>)[name];
      if (!kind || value === undefined) continue;
      if (kind === 'json') out[name] = value === null ? null : JSON.stringify(value);
      else if (kind === 'time') out[name] = toDbTime(value as string | null);
      else out[name] = value;
    }
    return out;
  }

  async get(where: Partial<Row>): Promise<Row | undefined> {
    const raw = await this.knex(this.table).where(this.toDb(where)).first();
    return raw ? this.toRow(raw) : undefined;
  }

  /** Rows matching `where` (equality on each given column), in listing order. */
  async list(where: Partial<Row> = {}, extra?: (q: Knex.QueryBuilder) => void): Promise<Row[]> {
    const q = this.knex(this.table).where(this.toDb(where)).orderBy(this.orderBy);
    extra?.(q);
    return (await q).map((r: Record<string, unknown>) => this.toRow(r));
  }

  /** Inserts; throws IdentityDuplicate on a unique-key violation. */
  async insert(row: Row): Promise<void> {
    try {
      await this.knex(this.table).insert(this.toDb(row));
    } catch (err) {
      if (dbErrorKind(err) === 'duplicate') throw new IdentityDuplicate(this.table);
      throw err;
    }
    this.onWrite();
  }

  /** Updates the rows matching `where`; resolves how many changed. */
  async update(where: Partial<Row>, patch: Partial<Row>): Promise<number> {
    const values = this.toDb(patch);
    if (Object.keys(values).length === 0) return 0;
    try {
      const n = affectedRows(await this.knex(this.table).where(this.toDb(where)).update(values));
      this.onWrite();
      return n;
    } catch (err) {
      if (dbErrorKind(err) === 'duplicate') throw new IdentityDuplicate(this.table);
      throw err;
    }
  }

  async delete(where: Partial<Row>): Promise<number> {
    const n = affectedRows(await this.knex(this.table).where(this.toDb(where)).delete());
    this.onWrite();
    return n;
  }
}
