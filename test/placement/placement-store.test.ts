/**
 * Contract tests of the knex placement store on SQLite and MariaDB: provider
 * and inventory writes with generations, the catalogues, the index, and
 * atomic claims under concurrency.
 */
import { randomUUID } from 'node:crypto';
import { isNovaError, matchProviders } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { placementStoreFor } from '../support/placement-store.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (isNovaError(err)) return `${err.status} ${err.code}`;
    throw err;
  }
  return 'ok';
}

describe.each(DIALECTS)('placement store on %s', (dialect) => {
  const fixture = placementStoreFor(dialect);

  const owner = { project_id: 'p1', user_id: 'u1' };

  it('creates, finds and refuses duplicate providers', async () => {
    const rp = await fixture.store.createProvider({ name: 'cn1' });
    expect(rp).toMatchObject({
      name: 'cn1',
      generation: 0,
      parent_provider_uuid: null,
      root_provider_uuid: rp.uuid,
    });
    expect(await fixture.store.getProvider(rp.uuid)).toEqual(rp);
    expect(await codeOf(fixture.store.createProvider({ name: 'cn1' }))).toBe('409 placement.duplicate_name');
    const child = await fixture.store.createProvider({ name: 'cn1-numa0', parent_provider_uuid: rp.uuid });
    expect(child.root_provider_uuid).toBe(rp.uuid);
    expect(await codeOf(fixture.store.deleteProvider(rp.uuid))).toBe(
      '409 placement.resource_provider.cannot_delete_parent',
    );
    await fixture.store.deleteProvider(child.uuid);
    await fixture.store.deleteProvider(rp.uuid);
    expect(await fixture.store.getProvider(rp.uuid)).toBeUndefined();
  });

  it('checks and bumps generations on inventory writes', async () => {
    const rp = await fixture.store.createProvider({ name: 'inv1' });
    const after = await fixture.store.setInventories(rp.uuid, 0, {
      VCPU: { total: 8, allocation_ratio: 16 },
      MEMORY_MB: { total: 2048, reserved: 512 },
    });
    expect(after.resource_provider_generation).toBe(1);
    expect(after.inventories.VCPU).toEqual({
      total: 8,
      reserved: 0,
      min_unit: 1,
      max_unit: 2147483647,
      step_size: 1,
      allocation_ratio: 16,
    });
    expect(await codeOf(fixture.store.setInventories(rp.uuid, 0, { VCPU: { total: 1 } }))).toBe(
      '409 placement.concurrent_update',
    );
    expect(await codeOf(fixture.store.setInventories(rp.uuid, 1, { CUSTOM_NOPE: { total: 1 } }))).toBe(
      '400 placement.undefined_code',
    );
    const one = await fixture.store.setInventory(rp.uuid, 1, 'DISK_GB', { total: 100 }, 'create');
    expect(Object.keys(one.inventories).sort()).toEqual(['DISK_GB', 'MEMORY_MB', 'VCPU']);
    await fixture.store.replaceAllocations([
      { consumer_uuid: randomUUID(), allocations: { [rp.uuid]: { DISK_GB: 10 } }, ...owner },
    ]);
    expect(await codeOf(fixture.store.setInventory(rp.uuid, null, 'DISK_GB', null, 'delete'))).toBe(
      '409 placement.inventory.inuse',
    );
    expect(await codeOf(fixture.store.deleteInventories(rp.uuid))).toBe('409 placement.inventory.inuse');
    expect(await codeOf(fixture.store.deleteProvider(rp.uuid))).toBe('409 placement.resource_provider.inuse');
  });

  it('manages traits, aggregates and custom classes', async () => {
    const rp = await fixture.store.createProvider({ name: 'tr1' });
    expect(await codeOf(fixture.store.setProviderTraits(rp.uuid, 0, ['CUSTOM_FAST']))).toBe(
      '400 placement.undefined_code',
    );
    expect(await fixture.store.createTrait('CUSTOM_FAST')).toBe(true);
    expect(await fixture.store.createTrait('CUSTOM_FAST')).toBe(false);
    const t = await fixture.store.setProviderTraits(rp.uuid, 0, ['CUSTOM_FAST', 'COMPUTE_NODE']);
    expect(t).toEqual({ resource_provider_generation: 1, traits: ['COMPUTE_NODE', 'CUSTOM_FAST'] });
    expect(await codeOf(fixture.store.deleteTrait('CUSTOM_FAST'))).toBe('409 placement.undefined_code');
    expect(await codeOf(fixture.store.deleteTrait('COMPUTE_NODE'))).toBe('400 placement.undefined_code');
    expect(await fixture.store.listTraits({ startswith: 'CUSTOM_', associated: true })).toEqual([
      'CUSTOM_FAST',
    ]);
    // startswith ignores case on every dialect (MySQL's collation does; PostgreSQL uses ILIKE).
    expect(await fixture.store.listTraits({ startswith: 'custom_f' })).toEqual(['CUSTOM_FAST']);
    const agg = randomUUID();
    expect(await fixture.store.setProviderAggregates(rp.uuid, 1, [agg])).toEqual({
      resource_provider_generation: 2,
      aggregates: [agg],
    });
    expect(await fixture.store.createResourceClass('CUSTOM_GOLD')).toBe(true);
    expect((await fixture.store.listResourceClasses()).slice(-1)).toEqual(['CUSTOM_GOLD']);
    await fixture.store.setInventories(rp.uuid, 2, { CUSTOM_GOLD: { total: 5 } });
    expect(await codeOf(fixture.store.deleteResourceClass('CUSTOM_GOLD'))).toBe(
      '409 placement.undefined_code',
    );
    expect(await codeOf(fixture.store.deleteResourceClass('VCPU'))).toBe('400 placement.undefined_code');
    const index = await fixture.store.loadIndex();
    const found = matchProviders(index, {
      resources: { CUSTOM_GOLD: 5 },
      required: [['CUSTOM_FAST']],
      member_of: [[agg]],
    });
    expect(found.map((p) => index.uuids[p])).toEqual([rp.uuid]);
  });

  it('replaces allocations with consumer generations and keeps the index coherent', async () => {
    const rp = await fixture.store.createProvider({ name: 'al1' });
    await fixture.store.setInventories(rp.uuid, 0, { VCPU: { total: 4 } });
    const consumer = randomUUID();
    const before = await fixture.store.loadIndex();
    await fixture.store.replaceAllocations([
      {
        consumer_uuid: consumer,
        allocations: { [rp.uuid]: { VCPU: 3 } },
        ...owner,
        consumer_generation: null,
      },
    ]);
    const index = await fixture.store.loadIndex();
    expect(index).toBe(before);
    expect(index.resourcesOf(index.positionOf(rp.uuid)!).VCPU?.used).toBe(3);
    const view = await fixture.store.getConsumerAllocations(consumer);
    expect(view.consumer).toMatchObject({
      generation: 1,
      project_id: 'p1',
      user_id: 'u1',
      consumer_type: 'unknown',
    });
    expect(view.allocations[rp.uuid]).toEqual({ generation: 2, resources: { VCPU: 3 } });
    const write = (gen: number | null, vcpu: number) =>
      fixture.store.replaceAllocations([
        {
          consumer_uuid: consumer,
          allocations: { [rp.uuid]: { VCPU: vcpu } },
          ...owner,
          consumer_generation: gen,
        },
      ]);
    expect(await codeOf(write(null, 1))).toBe('409 placement.concurrent_update');
    // Replacing its own allocation does not count the old one against capacity.
    await write(1, 4);
    expect(await codeOf(write(2, 5))).toBe('409 placement.undefined_code');
    expect((await fixture.store.getProviderUsages(rp.uuid)).usages).toEqual({ VCPU: 4 });
    expect(await fixture.store.getUsages({ project_id: 'p1' }, false)).toMatchObject({ VCPU: 4 });
    expect(await fixture.store.deleteConsumerAllocations(consumer)).toBe(true);
    expect(await fixture.store.deleteConsumerAllocations(consumer)).toBe(false);
    expect((await fixture.store.getConsumerAllocations(consumer)).consumer).toBeNull();
    const fresh = await fixture.store.loadIndex();
    expect(fresh.resourcesOf(fresh.positionOf(rp.uuid)!).VCPU?.used).toBe(0);
  });

  it("keeps the other consumers' usage in the index when one consumer's allocations are deleted", async () => {
    const rp = await fixture.store.createProvider({ name: 'al-del' });
    await fixture.store.setInventories(rp.uuid, 0, { VCPU: { total: 4 }, MEMORY_MB: { total: 1024 } });
    const [a, b] = [randomUUID(), randomUUID()];
    for (const c of [a, b])
      await fixture.store.replaceAllocations([
        {
          consumer_uuid: c,
          allocations: { [rp.uuid]: { VCPU: 2, MEMORY_MB: 256 } },
          ...owner,
          consumer_generation: null,
        },
      ]);
    const before = await fixture.store.loadIndex();
    expect(await fixture.store.deleteConsumerAllocations(a)).toBe(true);
    const index = await fixture.store.loadIndex();
    expect(index).toBe(before);
    const left = index.resourcesOf(index.positionOf(rp.uuid)!);
    expect([left.VCPU?.used, left.MEMORY_MB?.used]).toEqual([2, 256]);
    expect(await fixture.store.deleteConsumerAllocations(randomUUID())).toBe(false);
    expect((await fixture.store.getProviderUsages(rp.uuid)).usages).toEqual({ VCPU: 2, MEMORY_MB: 256 });
  });

  it('refuses a claim for a new consumer that exists, naming its stored generation, and changes nothing', async () => {
    const rp = await fixture.store.createProvider({ name: 'al-new' });
    await fixture.store.setInventories(rp.uuid, 0, { VCPU: { total: 8 } });
    const consumer = randomUUID();
    const claim = (vcpu: number) =>
      fixture.store.replaceAllocations([
        {
          consumer_uuid: consumer,
          allocations: { [rp.uuid]: { VCPU: vcpu } },
          ...owner,
          consumer_generation: null,
        },
      ]);
    await claim(2);
    const err = await claim(3).catch((e: unknown) => e);
    expect(isNovaError(err) && `${err.status} ${err.code}`).toBe('409 placement.concurrent_update');
    expect((err as Error).message).toContain('consumer generation conflict - expected 1 but got null');
    const view = await fixture.store.getConsumerAllocations(consumer);
    expect(view.consumer?.generation).toBe(1);
    expect(view.allocations[rp.uuid]).toEqual({ generation: 2, resources: { VCPU: 2 } });
    const index = await fixture.store.loadIndex();
    expect(index.resourcesOf(index.positionOf(rp.uuid)!).VCPU?.used).toBe(2);
  });

  it('frees deleted allocations in the index without a provider generation change, under parallel claims', async () => {
    const rp = await fixture.store.createProvider({ name: 'al-churn' });
    await fixture.store.setInventories(rp.uuid, 0, { VCPU: { total: 6 }, MEMORY_MB: { total: 4096 } });
    const claim = (c: string) =>
      fixture.store.replaceAllocations([
        {
          consumer_uuid: c,
          allocations: { [rp.uuid]: { VCPU: 1, MEMORY_MB: 512 } },
          ...owner,
          consumer_generation: null,
        },
      ]);
    const first = Array.from({ length: 6 }, () => randomUUID());
    for (const c of first) await claim(c);
    const generation = (await fixture.store.getProvider(rp.uuid))!.generation;
    // Half the consumers go while others claim the room they free, all at once.
    const second = Array.from({ length: 6 }, () => randomUUID());
    const results = await Promise.all([
      ...first.slice(0, 3).map((c) => fixture.store.deleteConsumerAllocations(c).then(String)),
      ...second.map((c) => codeOf(claim(c))),
    ]);
    expect(results.slice(0, 3)).toEqual(['true', 'true', 'true']);
    const granted = results.slice(3).filter((r) => r === 'ok').length;
    expect(results.slice(3).every((r) => r === 'ok' || r.startsWith('409'))).toBe(true);
    const usages = (await fixture.store.getProviderUsages(rp.uuid)).usages;
    expect(usages).toEqual({ VCPU: 3 + granted, MEMORY_MB: 512 * (3 + granted) });
    expect(usages.VCPU).toBeLessThanOrEqual(6);
    const index = await fixture.store.loadIndex();
    const pos = index.positionOf(rp.uuid)!;
    const used = index.resourcesOf(pos);
    expect([used.VCPU?.used, used.MEMORY_MB?.used]).toEqual([usages.VCPU, usages.MEMORY_MB]);
    // Only the claims bumped the generation; the deletes did not.
    expect((await fixture.store.getProvider(rp.uuid))!.generation).toBe(generation + granted);
    expect(index.generation(pos)).toBe(generation + granted);
  });

  it('grants exactly the capacity to 30 parallel claims', async () => {
    const rp = await fixture.store.createProvider({ name: 'race' });
    await fixture.store.setInventories(rp.uuid, 0, { VCPU: { total: 10 } });
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        codeOf(
          fixture.store.replaceAllocations([
            {
              consumer_uuid: randomUUID(),
              allocations: { [rp.uuid]: { VCPU: 1 } },
              ...owner,
              consumer_generation: null,
            },
          ]),
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(10);
    expect(results.filter((r) => r !== 'ok').every((r) => r.startsWith('409'))).toBe(true);
    const usages = await fixture.store.getProviderUsages(rp.uuid);
    const allocs = await fixture.store.getProviderAllocations(rp.uuid);
    const sum = Object.values(allocs.allocations).reduce((s, a) => s + (a.resources.VCPU ?? 0), 0);
    expect(usages.usages.VCPU).toBe(10);
    expect(sum).toBe(10);
    const index = await fixture.store.loadIndex();
    expect(index.resourcesOf(index.positionOf(rp.uuid)!).VCPU?.used).toBe(10);
  });
});
