/**
 * A placement store on a database of its own for the tests of one
 * `describe` block: created before them, closed and dropped after.
 */
import { type KnexPlacementStore, openPlacementStore } from '@novats/drivers';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js';

export function placementStoreFor(dialect: Dialect): { readonly store: KnexPlacementStore } {
  let db: TestDatabase | undefined;
  let store: KnexPlacementStore | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(dialect, 'placement');
    store = await openPlacementStore(db.url);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });
  return {
    get store() {
      if (!store) throw new Error('the placement store opens in beforeAll');
      return store;
    },
  };
}
