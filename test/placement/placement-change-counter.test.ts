/**
 * Every placement write transaction bumps the change counter and reports the
 * value it committed (processes compare it with their in-memory index). On
 * MariaDB the value comes back through LAST_INSERT_ID instead of a SELECT,
 * for a claim in the same UPDATE as its provider's generation.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { writeTransaction } from '../../packages/drivers/src/db/placement/placement-transaction.js';
import { DIALECTS } from '../support/databases.js';
import { placementStoreFor } from '../support/placement-store.js';

describe.each(DIALECTS)('placement change counter on %s', (dialect) => {
  const fixture = placementStoreFor(dialect);

  const stored = async () =>
    Number((await fixture.store.knex('placement_change_counter').where({ id: 1 }).first('counter')).counter);

  it('reports the counter each write committed, one more each time, concurrent writes apart', async () => {
    const before = await stored();
    const first = await writeTransaction(fixture.store.knex, fixture.store.dialect, async () => 'a');
    expect(first).toEqual({ value: 'a', counter: before + 1 });
    const many = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        writeTransaction(fixture.store.knex, fixture.store.dialect, async () => i),
      ),
    );
    expect(many.map((w) => w.counter).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6].map((n) => before + n));
    expect(await stored()).toBe(before + 6);
  });

  it('bumps the counter and the provider generation once per claim, concurrent claims and a refused one included', async () => {
    const { store } = fixture;
    const rp = await store.createProvider({ name: `counted-${dialect}` });
    await store.setInventories(rp.uuid, 0, { VCPU: { total: 4 } });
    const before = await stored();
    const claim = () =>
      store.replaceAllocations([
        {
          consumer_uuid: randomUUID(),
          allocations: { [rp.uuid]: { VCPU: 1 } },
          project_id: 'p',
          user_id: 'u',
          consumer_generation: null,
          consumer_type: 'INSTANCE',
        },
      ]);
    const results = await Promise.allSettled(Array.from({ length: 5 }, claim));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    expect(await stored()).toBe(before + 4);
    expect((await store.getProvider(rp.uuid))?.generation).toBe(1 + 4);
    expect((await store.getProviderUsages(rp.uuid)).usages).toEqual({ VCPU: 4 });
  });

  it('bumps every provider of a claim over two once, and the counter once', async () => {
    const { store } = fixture;
    const [a, b] = [
      await store.createProvider({ name: `pair-a-${dialect}` }),
      await store.createProvider({ name: `pair-b-${dialect}` }),
    ];
    await store.setInventories(a.uuid, 0, { VCPU: { total: 4 } });
    await store.setInventories(b.uuid, 0, { DISK_GB: { total: 100 } });
    const before = await stored();
    await store.replaceAllocations([
      {
        consumer_uuid: randomUUID(),
        allocations: { [a.uuid]: { VCPU: 2 }, [b.uuid]: { DISK_GB: 10 } },
        project_id: 'p',
        user_id: 'u',
        consumer_generation: null,
        consumer_type: 'INSTANCE',
      },
    ]);
    expect(await stored()).toBe(before + 1);
    expect((await store.getProvider(a.uuid))?.generation).toBe(2);
    expect((await store.getProvider(b.uuid))?.generation).toBe(2);
    expect((await store.getProviderUsages(a.uuid)).usages).toEqual({ VCPU: 2 });
    expect((await store.getProviderUsages(b.uuid)).usages).toEqual({ DISK_GB: 10 });
  });
});
