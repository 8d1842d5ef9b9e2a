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
