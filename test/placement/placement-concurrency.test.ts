/**
 * Claims are atomic: 50 parallel PUT /allocations against a provider with
 * room for 20, through two Placement apps (two processes' worth of stores and
 * index caches) on one database. Exactly 20 succeed, the rest are 409, and
 * usages equal the sum of the allocations that exist.
 */
import { randomUUID } from 'node:crypto';
import { type KnexPlacementStore, openPlacementStore } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlacementApp } from '../../packages/server/src/api/placement/index.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { placementStoreFor } from '../support/placement-store.js';

describe.each(DIALECTS)('placement claims under concurrency on %s', (dialect) => {
  let db: TestDatabase;
  const stores: KnexPlacementStore[] = [];
  let apps: ReturnType<typeof createPlacementApp>[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(dialect, 'placement_race');
    stores.push(await openPlacementStore(db.url), await openPlacementStore(db.url));
    apps = stores.map((store) => createPlacementApp({ store }));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const s of stores) await s.close();
    await db?.drop();
  });

  const call = async (n: number, method: 'GET' | 'PUT' | 'POST', url: string, body?: object) => {
    const res = await apps[n % apps.length]!.inject({
      method,
      url,
      headers: { 'x-auth-token': 'admin', 'openstack-api-version': 'placement latest' },
      ...(body ? { payload: body } : {}),
    });
    return { status: res.statusCode, json: res.body ? res.json() : undefined };
  };

  it('grants exactly 20 of 50 parallel claims on a provider with room for 20', async () => {
    const rp = (await call(0, 'POST', '/resource_providers', { name: `race-${dialect}` })).json;
    const inv = await call(0, 'PUT', `/resource_providers/${rp.uuid}/inventories`, {
      resource_provider_generation: rp.generation,
      inventories: { VCPU: { total: 20 }, MEMORY_MB: { total: 20 * 512 } },
    });
    expect(inv.status).toBe(200);
    // Both apps have seen the provider before the race (warm index caches).
    for (const n of [0, 1]) {
      const ac = await call(n, 'GET', '/allocation_candidates?resources=VCPU:1,MEMORY_MB:512');
      expect(ac.json.allocation_requests).toHaveLength(1);
    }
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        call(n, 'PUT', `/allocations/${randomUUID()}`, {
          allocations: { [rp.uuid]: { resources: { VCPU: 1, MEMORY_MB: 512 } } },
          project_id: 'p1',
          user_id: 'u1',
          consumer_generation: null,
          consumer_type: 'INSTANCE',
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(30);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.json.errors[0].code).toBe('placement.undefined_code');

    const allocs = (await call(0, 'GET', `/resource_providers/${rp.uuid}/allocations`)).json;
    const sum = { VCPU: 0, MEMORY_MB: 0 };
    for (const a of Object.values<any>(allocs.allocations)) {
      sum.VCPU += a.resources.VCPU;
      sum.MEMORY_MB += a.resources.MEMORY_MB;
    }
    expect(sum).toEqual({ VCPU: 20, MEMORY_MB: 20 * 512 });
    for (const n of [0, 1]) {
      const usages = (await call(n, 'GET', `/resource_providers/${rp.uuid}/usages`)).json;
      expect(usages.usages).toEqual(sum);
      // Each app's index agrees with the database: the provider is full.
      const ac = await call(n, 'GET', '/allocation_candidates?resources=VCPU:1');
      expect(ac.json.allocation_requests).toEqual([]);
    }
    const total = (await call(1, 'GET', '/usages?project_id=p1')).json;
    expect(total.usages).toEqual({ INSTANCE: { ...sum, consumer_count: 20 } });
  }, 60_000);
});

describe('placement sessions on mysql', () => {
  const placement = placementStoreFor('mysql');

  it('runs every connection READ COMMITTED and the index snapshot REPEATABLE READ', async () => {
    const [rows] = await placement.store.knex.raw('SELECT @@SESSION.tx_isolation AS level');
    expect(rows[0].level).toBe('READ-COMMITTED');
    // The index cache's load asks for REPEATABLE READ: its reads share one snapshot
    // although another connection commits a change between them.
    const counter = async (q: KnexPlacementStore['knex']) =>
      Number((await q('placement_change_counter').where({ id: 1 }).first('counter')).counter);
    const [first, second, after] = await placement.store.knex.transaction(
      async (trx) => {
        const first = await counter(trx);
        await placement.store.knex('placement_change_counter').where({ id: 1 }).increment('counter', 1);
        return [first, await counter(trx), await counter(placement.store.knex)];
      },
      { isolationLevel: 'repeatable read' },
    );
    expect(second).toBe(first);
    expect(after).toBe(first + 1);
  });
});
