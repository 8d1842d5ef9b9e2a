/**
 * Schema migrations defined in code and run through knex's migrator with a
 * custom source, so that one ordered list serves SQLite, MySQL and PostgreSQL.
 * Names start with a zero-padded number; that number is the schema version
 * `nova-manage db version` reports. Running them again is a no-op.
 */
import type { Knex } from 'knex';

export interface Migration {
  /** '001_flavors': the number is the version, the rest says what it adds. */
  readonly name: string;
  up(db: Knex): Promise<void>;
}

/**
 * A named migration set with its own bookkeeping table, so that the API and
 * cell schemas (and placement's) could even share one database.
 */
export interface MigrationSet {
  /** knex's bookkeeping table; knex adds `<table>_lock` beside it. */
  readonly table: string;
  readonly migrations: readonly Migration[];
}

function source(migrations: readonly Migration[]): Knex.MigrationSource<Migration> {
  return {
    getMigrations: async () => [...migrations],
    getMigrationName: (m) => m.name,
    getMigration: async (m) => ({
      up: (db: Knex) => m.up(db),
      down: async () => {
        throw new Error(`Migration ${m.name} cannot be reverted: Nova does not support downgrades`);
      },
    }),
  };
}

function versionOf(name: string | undefined): number {
  return name ? Number.parseInt(name, 10) : 0;
}

/** Applies the pending migrations; resolves the version reached. */
export async function runMigrations(db: Knex, set: MigrationSet): Promise<number> {
  await db.migrate.latest({ migrationSource: source(set.migrations), tableName: set.table });
  return currentVersion(db, set);
}

/** The version of the newest applied migration; 0 for an empty database. */
export async function currentVersion(db: Knex, set: MigrationSet): Promise<number> {
  if (!(await db.schema.hasTable(set.table))) return 0;
  const rows: { name: string }[] = await db(set.table).select('name');
  return rows.reduce((max, r) => Math.max(max, versionOf(r.name)), 0);
}
