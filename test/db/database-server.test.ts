/**
 * ensureServerDatabases on the machine's MariaDB and PostgreSQL servers:
 * creates missing databases, is idempotent, returns URLs that open, and
 * reports an unreachable server or a SQLite URL with typed errors.
 */
import { randomBytes } from 'node:crypto';
import {
  DatabaseServerUnreachable,
  ensureMysqlDatabases,
  ensureServerDatabases,
  InvalidDatabaseConnection,
  syncApiDatabase,
} from '@novats/drivers';
import { afterAll, describe, expect, it } from 'vitest';
import { MARIADB_ADMIN_URL, POSTGRESQL_ADMIN_URL, serverAdmin } from '../support/databases.js';

const SERVERS = [
  { dialect: 'mysql', url: MARIADB_ADMIN_URL },
  { dialect: 'postgresql', url: POSTGRESQL_ADMIN_URL },
] as const;

const created: { dialect: 'mysql' | 'postgresql'; name: string }[] = [];
afterAll(async () => {
  for (const { dialect, name } of created) {
    const admin = serverAdmin(dialect);
    await admin.raw(
      dialect === 'mysql' ? 'DROP DATABASE IF EXISTS ??' : 'DROP DATABASE IF EXISTS ?? WITH (FORCE)',
      [name],
    );
    await admin.destroy();
  }
});

describe.each(SERVERS)('ensureServerDatabases on $dialect', ({ dialect, url }) => {
  it('creates missing databases once and returns their URLs on that server', async () => {
    const names = ['api', 'cell'].map((n) => `novats_ensure_${n}_${randomBytes(4).toString('hex')}`);
    created.push(...names.map((name) => ({ dialect, name })));
    const urls = await ensureServerDatabases(url, names);
    expect(urls).toEqual(names.map((n) => `${url}/${n}`));
    // Idempotent, and a server URL that already names a database is accepted too.
    expect(await ensureServerDatabases(`${url}/${names[0]}`, names)).toEqual(urls);
    expect(await syncApiDatabase(urls[0]!)).toBeGreaterThan(0);
  });
});

describe('ensureServerDatabases failures', () => {
  it('names the unreachable server with its password masked and says what to do', async () => {
    const down = 'postgresql://nova:hunter2@127.0.0.1:1/nova';
    const err = await ensureServerDatabases(down, ['x']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseServerUnreachable);
    expect((err as DatabaseServerUnreachable).code).toBe('db.server_unreachable');
    expect((err as Error).message).toContain('postgresql://nova:****@127.0.0.1:1/nova');
    expect((err as Error).message).toContain('Start the server');
    expect((err as Error).message).not.toContain('hunter2');
    await expect(ensureMysqlDatabases('mysql+pymysql://root:@127.0.0.1:1', ['x'])).rejects.toMatchObject({
      code: 'db.server_unreachable',
    });
  });

  it('refuses a SQLite URL as a server', async () => {
    await expect(ensureServerDatabases('sqlite:////tmp/x.sqlite', ['x'])).rejects.toBeInstanceOf(
      InvalidDatabaseConnection,
    );
  });
});
