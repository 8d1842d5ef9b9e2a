/**
 * Throwaway databases for tests: a uniquely named MariaDB schema on the
 * machine's server (127.0.0.1:3306, root) or a temporary SQLite file.
 * Each test suite creates its own and drops it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';

export type Dialect = 'sqlite' | 'mysql';

/** The dialects every database test runs against. */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'mysql'];

export const MARIADB_ADMIN_URL = process.env.NOVATS_TEST_MYSQL_URL ?? 'mysql+pymysql://root:@127.0.0.1:3306';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
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
  const admin = knex({
    client: 'mysql2',
    connection: { host: '127.0.0.1', port: 3306, user: 'root', password: '' },
  });
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.destroy();
  return {
    url: `${MARIADB_ADMIN_URL}/${name}`,
    drop: async () => {
      const a = knex({
        client: 'mysql2',
        connection: { host: '127.0.0.1', port: 3306, user: 'root', password: '' },
      });
      await a.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await a.destroy();
    },
  };
}
