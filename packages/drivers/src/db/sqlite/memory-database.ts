/**
 * A named in-memory SQLite database held open by its owner (a test cloud),
 * whatever handles come and go on it, with a snapshot of its rows and a
 * restore back to it: what `cloud.reset()` does to each of its databases.
 * The snapshot is an attached memory schema on the same connection, so
 * taking and restoring it is SQL only (no rows through JavaScript).
 */
import { randomUUID } from 'node:crypto';
import sqlite3 from 'sqlite3';
import type { ConnectionGate } from './connection-gate.js';
import { holdMemoryDatabase, releaseMemoryDatabase } from './memory-databases.js';
import { SQLITE_PRAGMAS } from './shared-connection-client.js';

const SNAPSHOT = 'novats_snapshot';

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((res, rej) => db.exec(sql, (err) => (err ? rej(err) : res())));
}

function all(db: sqlite3.Database, sql: string): Promise<Record<string, unknown>[]> {
  return new Promise((res, rej) =>
    db.all(sql, (err, rows) => (err ? rej(err) : res(rows as Record<string, unknown>[]))),
  );
}

function open(): Promise<sqlite3.Database> {
  return new Promise((res, rej) => {
    const db = new sqlite3.Database(':memory:', (err) => {
      if (err) return rej(err);
      db.exec(SQLITE_PRAGMAS, (e) => (e ? rej(e) : res(db)));
    });
  });
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export class MemoryDatabase {
  private readonly gate: ConnectionGate;
  private restoreSql: string | null = null;
  private closed = false;

  /** Holds the database `name` (default: a fresh unique name) until close(). */
  constructor(readonly name: string = `novats-${randomUUID()}`) {
    this.gate = holdMemoryDatabase(name);
  }

  /** The connection URL every service opens it by. */
  get url(): string {
    return `sqlite:///file:${encodeURIComponent(this.name)}?mode=memory&uri=true`;
  }

  /** Runs `fn` on the connection with every other statement and transaction held back. */
  private async alone<T>(fn: (db: sqlite3.Database) => Promise<T>): Promise<T> {
    await this.gate.enter(true);
    try {
      this.gate.connection ??= open();
      return await fn(await this.gate.connection);
    } finally {
      this.gate.leave(true);
    }
  }

  /** Records every table's rows (a later snapshot replaces an earlier one). */
  async snapshot(): Promise<void> {
    await this.alone(async (db) => {
      if (this.restoreSql) await exec(db, `DETACH DATABASE ${SNAPSHOT}`);
      await exec(db, `ATTACH DATABASE ':memory:' AS ${SNAPSHOT}`);
      const tables = (
        await all(
          db,
          "SELECT name FROM main.sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'knex_%'",
        )
      ).map((r) => quote(String(r.name)));
      await exec(
        db,
        [
          'BEGIN',
          ...tables.map((t) => `CREATE TABLE ${SNAPSHOT}.${t} AS SELECT * FROM main.${t}`),
          'COMMIT',
        ].join(';\n'),
      );
      // NOTE(fk): foreign keys are off while the rows go back: tables are emptied and refilled in any order.
      this.restoreSql = [
        'PRAGMA foreign_keys=OFF',
        'BEGIN',
        ...tables.flatMap((t) => [
          `DELETE FROM main.${t}`,
          `INSERT INTO main.${t} SELECT * FROM ${SNAPSHOT}.${t}`,
        ]),
        'COMMIT',
        'PRAGMA foreign_keys=ON',
      ].join(';\n');
    });
  }

  /** Puts the snapshot's rows back, dropping everything written since. */
  async restore(): Promise<void> {
    const sql = this.restoreSql;
    if (!sql) throw new Error(`memory database ${this.name}: restore() before snapshot()`);
    await this.alone((db) =>
      exec(db, sql).catch(async (err) => {
        await exec(db, 'ROLLBACK; PRAGMA foreign_keys=ON').catch(() => {});
        throw err;
      }),
    );
  }

  /** Drops the hold; the database is gone once no handle holds it either. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await releaseMemoryDatabase(this.name);
  }
}
