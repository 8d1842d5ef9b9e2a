/**
 * Builders and database setup shared by the database tests: a synced API or
 * cell database on a throwaway SQLite file or MariaDB schema.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_FLAVORS, type Flavor, type Instance, makeInstance as makeCoreInstance } from '@novats/core';
import {
  type KnexApiDatabase,
  type KnexCellDatabase,
  openApiDatabase,
  openCellDatabase,
  syncApiDatabase,
  syncCellDatabase,
} from '@novats/drivers';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases.js';

export const TINY: Flavor = { ...DEFAULT_FLAVORS[0], id: 1 };

export function makeInstance(overrides: Partial<Instance> = {}): Instance {
  return makeCoreInstance({
    image_ref: 'img-1',
    flavor: TINY,
    ...overrides,
    uuid: overrides.uuid ?? randomUUID(),
  });
}

export interface Opened<T> {
  db: T;
  test: TestDatabase;
  close(): Promise<void>;
}

async function closeBoth(db: { close(): Promise<void> }, test: TestDatabase): Promise<void> {
  await db.close();
  await test.drop();
}

export async function openSyncedApi(dialect: Dialect): Promise<Opened<KnexApiDatabase>> {
  const test = await createTestDatabase(dialect, 'novats_api');
  await syncApiDatabase(test.url);
  const db = await openApiDatabase(test.url);
  return { db, test, close: () => closeBoth(db, test) };
}

export async function openSyncedCell(dialect: Dialect): Promise<Opened<KnexCellDatabase>> {
  const test = await createTestDatabase(dialect, 'novats_cell');
  await syncCellDatabase(test.url);
  const db = await openCellDatabase(test.url);
  return { db, test, close: () => closeBoth(db, test) };
}
