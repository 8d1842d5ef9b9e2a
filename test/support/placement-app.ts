/**
 * A Placement app on a throwaway database for one describe block: created
 * before its tests, closed and dropped after them.
 */
import { type KnexPlacementStore, openPlacementStore } from '@novats/drivers';
import { afterAll, beforeAll } from 'vitest';
import {
  createPlacementApp,
  type PlacementAppOptions,
} from '../../packages/server/src/api/placement/index.js';
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js';

export type PlacementApp = ReturnType<typeof createPlacementApp>;

/** Registers the hooks; `ready` receives the store and the app once they exist. */
export function usePlacementApp(
  dialect: Dialect,
  prefix: string,
  ready: (store: KnexPlacementStore, app: PlacementApp) => void,
  options: Omit<PlacementAppOptions, 'store'> = {},
): void {
  let db: TestDatabase | undefined;
  let store: KnexPlacementStore | undefined;
  let app: PlacementApp | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(dialect, prefix);
    store = await openPlacementStore(db.url);
    app = createPlacementApp({ ...options, store });
    ready(store, app);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
  });
}
