/**
 * Creating the databases of a deployment on a MySQL/MariaDB or PostgreSQL
 * server, as an operator does with CREATE DATABASE before `nova-manage
 * api_db sync`. A server that cannot be reached is a DatabaseServerUnreachable.
 */
import knex, { type Knex } from 'knex';
import { DatabaseServerUnreachable, InvalidDatabaseConnection } from './connection-errors.js';
import { knexConfig, maskConnectionUrl, parseConnectionUrl } from './connection-url.js';

/** The maintenance database every PostgreSQL server has, used to create the others. */
const PG_MAINTENANCE_DB = 'postgres';

/** `scheme://authority` of a server URL, without database path or query. */
function serverBase(serverUrl: string): { base: string; query: string } {
  const m = /^([^:]+:\/\/[^/?#]*)[^?#]*(\?[^#]*)?/.exec(serverUrl)!;
  return { base: m[1], query: m[2] ?? '' };
}

async function createMissing(admin: Knex, dialect: 'mysql' | 'postgresql', name: string): Promise<void> {
  if (dialect === 'mysql') {
    await admin.raw('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4', [name]);
    return;
  }
  // NOTE(postgresql): no CREATE DATABASE IF NOT EXISTS; a racing creator shows up as 42P04.
  const found = await admin.raw('SELECT 1 FROM pg_database WHERE datname = ?', [name]);
  if (found.rows.length > 0) return;
  try {
    await admin.raw("CREATE DATABASE ?? ENCODING 'UTF8'", [name]);
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err;
  }
}

/**
 * Creates each database on the server when missing; resolves their URLs on
 * that server (in `names` order), ready for `[database] connection`.
 */
export async function ensureServerDatabases(serverUrl: string, names: readonly string[]): Promise<string[]> {
  const masked = maskConnectionUrl(serverUrl);
  const c = parseConnectionUrl(serverUrl);
  if (c.dialect === 'sqlite')
    throw new InvalidDatabaseConnection(
      masked,
      'a database server URL (mysql+pymysql:// or postgresql://) is needed here',
    );
  const { base, query } = serverBase(serverUrl);
  const adminUrl = c.dialect === 'postgresql' ? `${base}/${PG_MAINTENANCE_DB}` : base;
  const admin = knex(knexConfig(adminUrl, { pool: { min: 0, max: 1 } }));
  try {
    try {
      await admin.raw('SELECT 1');
    } catch (err) {
      const e = err as { code?: string; message?: string };
      throw new DatabaseServerUnreachable(masked, e.code ?? e.message ?? String(err));
    }
    for (const name of names) await createMissing(admin, c.dialect, name);
  } finally {
    await admin.destroy();
  }
  return names.map((n) => `${base}/${n}${query}`);
}

/** @deprecated the MySQL-only name of ensureServerDatabases, kept for existing callers. */
export const ensureMysqlDatabases = ensureServerDatabases;
