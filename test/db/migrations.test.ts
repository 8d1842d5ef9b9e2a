import {
  API_DATABASE_HEAD,
  apiDatabaseVersion,
  CELL_DATABASE_HEAD,
  cellDatabaseVersion,
  knexConfig,
  syncApiDatabase,
  syncCellDatabase,
} from '@novats/drivers';
import knex from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type Dialect, type TestDatabase } from '../support/databases.js';

/** table -> sorted column names, read from the live schema. */
async function schemaOf(url: string, dialect: Dialect): Promise<Record<string, string[]>> {
  const db = knex(knexConfig(url));
  try {
    const tables: string[] =
      dialect === 'sqlite'
        ? (
            await db.raw("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
          ).map((r: { name: string }) => r.name)
        : dialect === 'postgresql'
          ? (await db.raw("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map(
              (r: { tablename: string }) => r.tablename,
            )
          : (await db.raw('SHOW TABLES'))[0].map((r: Record<string, string>) => Object.values(r)[0]);
    const out: Record<string, string[]> = {};
    for (const t of tables.sort()) out[t] = Object.keys(await db(t).columnInfo()).sort();
    return out;
  } finally {
    await db.destroy();
  }
}

const dbs: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.drop()));
});

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  it.each([
    ['api', syncApiDatabase, apiDatabaseVersion, API_DATABASE_HEAD],
    ['cell', syncCellDatabase, cellDatabaseVersion, CELL_DATABASE_HEAD],
  ] as const)('%s: starts at 0, syncs to head, and a second sync is a no-op', async (_kind, sync, version, head) => {
    const test = await createTestDatabase(dialect);
    dbs.push(test);
    expect(await version(test.url)).toBe(0);
    expect(await sync(test.url)).toBe(head);
    const before = await schemaOf(test.url, dialect);
    expect(await sync(test.url)).toBe(head);
    expect(await version(test.url)).toBe(head);
    expect(await schemaOf(test.url, dialect)).toEqual(before);
  });
});

describe('migrations are identical on every dialect', () => {
  it.each([
    ['api', syncApiDatabase],
    ['cell', syncCellDatabase],
  ] as const)('%s: same tables and columns', async (_kind, sync) => {
    const schemas: Record<string, string[]>[] = [];
    for (const dialect of DIALECTS) {
      const test = await createTestDatabase(dialect);
      dbs.push(test);
      await sync(test.url);
      schemas.push(await schemaOf(test.url, dialect));
    }
    expect(Object.keys(schemas[0])).toContain(`${_kind}_migrate_version`);
    for (const s of schemas.slice(1)) expect(s).toEqual(schemas[0]);
  });
});

describe.each(DIALECTS)('one database holding both schemas on %s', (dialect) => {
  it('keeps the API and cell migration sets apart', async () => {
    const test = await createTestDatabase(dialect);
    dbs.push(test);
    expect(await syncApiDatabase(test.url)).toBe(API_DATABASE_HEAD);
    expect(await syncCellDatabase(test.url)).toBe(CELL_DATABASE_HEAD);
    expect(await apiDatabaseVersion(test.url)).toBe(API_DATABASE_HEAD);
    expect(Object.keys(await schemaOf(test.url, dialect))).toEqual(
      expect.arrayContaining(['flavors', 'instances']),
    );
  });
});

describe('time columns on postgresql', () => {
  it('are timestamp(6) without time zone, so stored UTC text is never shifted', async () => {
    const test = await createTestDatabase('postgresql');
    dbs.push(test);
    await syncApiDatabase(test.url);
    await syncCellDatabase(test.url);
    const db = knex(knexConfig(test.url));
    try {
      const { rows } = await db.raw(
        "SELECT table_name, column_name, data_type, datetime_precision FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%\\_at' AND table_name NOT LIKE '%migrate%'",
      );
      expect(rows.length).toBeGreaterThan(20);
      const others = rows.filter(
        (r: { data_type: string; datetime_precision: number }) =>
          r.data_type !== 'timestamp without time zone' || r.datetime_precision !== 6,
      );
      expect(others).toEqual([]);
      // A stored time reads back as the same text, whatever the session time zone.
      await db.raw("SET TIME ZONE 'Asia/Tokyo'");
      await db('cell_mappings').insert({
        uuid: 'u',
        transport_url: 't',
        database_connection: 'd',
        created_at: '2024-05-01 10:00:00.123000',
      });
      expect((await db('cell_mappings').first('created_at')).created_at).toBe('2024-05-01 10:00:00.123');
    } finally {
      await db.destroy();
    }
  });
});
