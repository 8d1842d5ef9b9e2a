/**
 * The rows of a SQLite database right after the cloud started, and putting
 * them back: what `cloud.reset()` does to each database. One statement
 * batch in one transaction, so a reset takes milliseconds, not a restart.
 */
import sqlite3 from 'sqlite3';

type Rows = Record<string, unknown>[];

function all(db: sqlite3.Database, sql: string): Promise<Rows> {
  return new Promise((res, rej) => db.all(sql, (err, rows) => (err ? rej(err) : res(rows as Rows))));
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((res, rej) => db.exec(sql, (err) => (err ? rej(err) : res())));
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return `X'${v.toString('hex')}'`;
  return `'${String(v).replaceAll("'", "''")}'`;
}

export class DatabaseSnapshot {
  private constructor(
    private readonly db: sqlite3.Database,
    private readonly restoreSql: string,
  ) {}

  /** Records every table's rows of the SQLite file at `filename`. */
  static async take(filename: string): Promise<DatabaseSnapshot> {
    const db = new sqlite3.Database(filename);
    await exec(db, 'PRAGMA busy_timeout=5000;');
    const tables = await all(
      db,
      "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'knex_%'",
    );
    const parts = ['PRAGMA foreign_keys=OFF;', 'BEGIN IMMEDIATE;'];
    for (const { name } of tables) {
      const table = `"${String(name)}"`;
      parts.push(`DELETE FROM ${table};`);
      for (const row of await all(db, `SELECT * FROM ${table}`)) {
        const cols = Object.keys(row).map((c) => `"${c}"`);
        parts.push(
          `INSERT INTO ${table} (${cols.join(',')}) VALUES (${Object.values(row).map(literal).join(',')});`,
        );
      }
    }
    parts.push('COMMIT;');
    return new DatabaseSnapshot(db, parts.join('\n'));
  }

  /** Puts the recorded rows back, dropping everything written since. */
  async restore(): Promise<void> {
    await exec(this.db, this.restoreSql);
  }

  async close(): Promise<void> {
    await new Promise<void>((res) => this.db.close(() => res()));
  }
}
