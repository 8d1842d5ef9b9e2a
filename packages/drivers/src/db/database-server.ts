/**
 * Creating the databases of a deployment on a MySQL/MariaDB server, as an
 * operator does with CREATE DATABASE before `nova-manage api_db sync`.
 */
import knex from 'knex';
import { parseConnectionUrl } from './connection-url.js';

/** Creates each database when missing; returns their URLs on that server. */
export async function ensureMysqlDatabases(serverUrl: string, names: readonly string[]): Promise<string[]> {
  const c = parseConnectionUrl(serverUrl);
  if (c.dialect !== 'mysql')
    throw new Error(`--database expects a mysql+pymysql:// server URL, got '${serverUrl}'`);
  const admin = knex({
    client: 'mysql2',
    connection: { host: c.host, port: c.port, user: c.user, password: c.password },
  });
  try {
    for (const name of names)
      await admin.raw(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4`);
  } finally {
    await admin.destroy();
  }
  const base = serverUrl.replace(/\/[^/@]*$/, (m) => (m.includes(':') ? m : '')).replace(/\/+$/, '');
  return names.map((n) => `${base}/${n}`);
}
