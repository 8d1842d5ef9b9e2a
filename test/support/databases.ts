/**
 * Throwaway databases for tests: a uniquely named MariaDB schema or
 * PostgreSQL database on the machine's servers (127.0.0.1:3306 root,
 * 127.0.0.1:5432 postgres) or a temporary SQLite file. Each test suite
 * creates its own and drops it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';

export type Dialect = 'sqlite' | 'mysql' | 'postgresql';

/** The dialects every database test runs against. */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'mysql', 'postgresql'];

export const MARIADB_ADMIN_URL = process.env.NOVATS_TEST_MYSQL_URL ?? 'mysql+pymysql://root:@127.0.0.1:3306';
export const POSTGRESQL_ADMIN_URL =
  process.env.NOVATS_TEST_POSTGRESQL_URL ?? 'postgresql+psycopg2://postgres:@127.0.0.1:5432';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A one-connection admin handle on the server of `dialect`, outside any test database. */
export function serverAdmin(dialect: 'mysql' | 'postgresql'): Knex {
  return dialect === 'mysql'
    ? knex({ client: 'mysql2', connection: { host: '127.0.0.1', port: 3306, user: 'root', password: '' } })
    : knex({
        client: 'pg',
        connection: { host: '127.0.0.1', port: 5432, user: 'postgres', password: '', database: 'postgres' },
        pool: { min: 0, max: 1 },
      });
}

/** Creates the database `name` on the server of `dialect`; drop() removes it even with sessions open. */
export async function createServerDatabase(
  dialect: 'mysql' | 'postgresql',
  name: string,
): Promise<TestDatabase> {
  const admin = serverAdmin(dialect);
  try {
    await admin.raw(
      dialect === 'mysql' ? 'CREATE DATABASE ?? CHARACTER SET utf8mb4' : "CREATE DATABASE ?? ENCODING 'UTF8'",
      [name],
    );
  } finally {
    await admin.destroy();
  }
  return {
    url: `${dialect === 'mysql' ? MARIADB_ADMIN_URL : POSTGRESQL_ADMIN_URL}/${name}`,
    drop: async () => {
      const a = serverAdmin(dialect);
      try {
        // NOTE(postgresql): FORCE ends sessions a pool may still hold open.
        await a.raw(
          dialect === 'mysql' ? 'DROP DATABASE IF EXISTS ??' : 'DROP DATABASE IF EXISTS ?? WITH (FORCE)',
          [name],
        );
      } finally {
        await a.destroy();
      }
    },
  };
}

export async function createTestDatabase(dialect: Dialect, prefix = 'novats'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'novats-db-'));
    return {
      url: `sqlite:///${join(dir, `${name}.sqlite`)}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  return createServerDatabase(dialect, name);
}
