/**
 * The cells this deployment knows, from the API database's cell_mappings,
 * with one open connection per cell database. Mappings are cached and
 * re-read when an unknown cell is asked for (a cell added by nova-manage).
 */
import type { ApiDatabase, CellDatabase, CellMapping } from '@novats/core';
import { CELL0_UUID, NotFound } from '@novats/core';

export type CellDatabaseOpener = (connection: string) => Promise<CellDatabase>;

export class CellRegistry {
  #mappings = new Map<string, CellMapping>();
  #open = new Map<string, Promise<CellDatabase>>();

  constructor(
    private readonly api: ApiDatabase,
    private readonly openCell: CellDatabaseOpener,
  ) {}

  async refresh(): Promise<CellMapping[]> {
    const list = await this.api.cellMappings.list();
    this.#mappings = new Map(list.map((c) => [c.uuid, c]));
    return list;
  }

  async mapping(uuid: string): Promise<CellMapping> {
    let m = this.#mappings.get(uuid);
    if (!m) {
      await this.refresh();
      m = this.#mappings.get(uuid);
    }
    if (!m) throw new NotFound(`Cell ${uuid} has no mapping.`);
    return m;
  }

  /** The open database of a cell; opened once and shared. */
  async get(uuid: string): Promise<CellDatabase> {
    const m = await this.mapping(uuid);
    let db = this.#open.get(uuid);
    if (!db) {
      db = this.openCell(m.database_connection);
      this.#open.set(uuid, db);
      db.catch(() => this.#open.delete(uuid));
    }
    return db;
  }

  /**
   * The shared handle of the mapped cell whose database is `connection`, or
   * undefined when no mapping names it. A service's own `[database]` is
   * usually one of the mapped cells; one handle per database file matters on
   * SQLite, where two connections of one process would wait on each other's locks.
   */
  async byConnection(connection: string): Promise<CellDatabase | undefined> {
    const find = () => [...this.#mappings.values()].find((m) => m.database_connection === connection);
    let mapping = find();
    if (!mapping) {
      await this.refresh();
      mapping = find();
    }
    return mapping ? this.get(mapping.uuid) : undefined;
  }

  /** Every mapped cell, cell0 first, with its database. */
  async all(opts: { includeCell0?: boolean } = {}): Promise<{ mapping: CellMapping; db: CellDatabase }[]> {
    if (this.#mappings.size === 0) await this.refresh();
    const out: { mapping: CellMapping; db: CellDatabase }[] = [];
    for (const m of this.#mappings.values()) {
      if (m.uuid === CELL0_UUID && !opts.includeCell0) continue;
      out.push({ mapping: m, db: await this.get(m.uuid) });
    }
    return out;
  }

  /**
   * Every mapped cell with its database, or without one when it cannot be
   * opened (a down cell), so that one bad cell does not fail a listing.
   */
  async allSettled(
    opts: { includeCell0?: boolean } = {},
  ): Promise<{ mapping: CellMapping; db: CellDatabase | null }[]> {
    if (this.#mappings.size === 0) await this.refresh();
    const cells = [...this.#mappings.values()].filter((m) => m.uuid !== CELL0_UUID || opts.includeCell0);
    return Promise.all(
      cells.map(async (mapping) => ({ mapping, db: await this.get(mapping.uuid).catch(() => null) })),
    );
  }

  async close(): Promise<void> {
    const dbs = [...this.#open.values()];
    this.#open.clear();
    await Promise.allSettled(dbs.map(async (p) => (await p).close()));
  }
}
