/**
 * Builders and database setup shared by the database tests: a synced API or
 * cell database on a throwaway SQLite file or MariaDB schema.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_FLAVORS, type Flavor, type Instance } from '@novats/core';
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
  return {
    uuid: randomUUID(),
    display_name: 'vm',
    display_description: null,
    project_id: 'p1',
    user_id: 'u1',
    vm_state: 'building',
    task_state: 'scheduling',
    power_state: 0,
    host: null,
    node: null,
    image_ref: 'img-1',
    flavor: TINY,
    availability_zone: null,
    key_name: null,
    metadata: {},
    addresses: [],
    access_ip_v4: null,
    access_ip_v6: null,
    config_drive: '',
    progress: 0,
    launch_index: 0,
    reservation_id: 'r-1',
    hostname: 'vm',
    locked: false,
    locked_by: null,
    user_data: null,
    created_at: '2024-01-01T00:00:00.000Z',
    updated_at: null,
    launched_at: null,
    terminated_at: null,
    deleted_at: null,
    deleted: false,
    ...overrides,
  };
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
