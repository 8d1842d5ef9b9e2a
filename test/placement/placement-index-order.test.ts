/**
 * A process's concurrent claims commit in change-counter order, but their
 * replies may come back in any order. The index applies a claim that
 * overtook the one before it once that one arrives, instead of rebuilding
 * from the database; a gap that never fills (another process wrote) still
 * ends in a rebuild.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { PlacementIndexCache } from '../../packages/drivers/src/db/placement/placement-index-cache.js';
import { ResourceClassCache } from '../../packages/drivers/src/db/placement/resource-class-cache.js';
import { placementStoreFor } from '../support/placement-store.js';

describe('placement index and out-of-order claim replies', () => {
  const fixture = placementStoreFor('sqlite');
  let uuid: string;
  let generation: number;

  beforeEach(async () => {
    const rp = await fixture.store.createProvider({ name: `order-${Math.random()}` });
    await fixture.store.setInventories(rp.uuid, rp.generation, { VCPU: { total: 8 } });
    uuid = rp.uuid;
    generation = rp.generation + 1;
  });

  const stored = async () =>
    Number((await fixture.store.knex('placement_change_counter').where({ id: 1 }).first('counter')).counter);
  /** Another transaction's commits: only the counter moves, as a claim's would. */
  const commit = (n: number) =>
    fixture.store.knex('placement_change_counter').where({ id: 1 }).increment('counter', n);
  const used = (index: Awaited<ReturnType<PlacementIndexCache['get']>>) =>
    index.resourcesOf(index.positionOf(uuid)!).VCPU!.used;

  it('applies a claim that overtook its predecessor once the predecessor arrives', async () => {
    const cache = new PlacementIndexCache(fixture.store.knex, new ResourceClassCache(fixture.store.knex));
    const index = await cache.get();
    const counter = await stored();
    await commit(2);
    cache.afterWrite(counter + 2, [{ uuid, generation: generation + 2, usages: { VCPU: 3 } }]);
    cache.afterWrite(counter + 1, [{ uuid, generation: generation + 1, usages: { VCPU: 1 } }]);
    // Not rebuilt (the database holds no allocation, a rebuild would read 0): both applied, in counter order.
    const after = await cache.get();
    expect(after).toBe(index);
    expect(used(after)).toBe(3);
    expect(after.generation(after.positionOf(uuid)!)).toBe(generation + 2);
  });

  it('subtracts a freed amount only after the claims before it, whatever order the replies come in', async () => {
    const cache = new PlacementIndexCache(fixture.store.knex, new ResourceClassCache(fixture.store.knex));
    const index = await cache.get();
    const counter = await stored();
    await commit(3);
    // A delete (no generation change) overtakes the two claims that committed before it.
    cache.afterWrite(counter + 3, [{ uuid, freed: { VCPU: 2 } }]);
    cache.afterWrite(counter + 2, [{ uuid, generation: generation + 2, usages: { VCPU: 5 } }]);
    expect(used(index)).toBe(0);
    cache.afterWrite(counter + 1, [{ uuid, generation: generation + 1, usages: { VCPU: 2 } }]);
    const after = await cache.get();
    expect(after).toBe(index);
    expect(used(after)).toBe(3);
    expect(after.generation(after.positionOf(uuid)!)).toBe(generation + 2);
  });

  it('rebuilds from the database when the gap is a write it never hears of', async () => {
    const cache = new PlacementIndexCache(fixture.store.knex, new ResourceClassCache(fixture.store.knex));
    const index = await cache.get();
    const counter = await stored();
    await commit(2);
    cache.afterWrite(counter + 2, [{ uuid, generation: generation + 2, usages: { VCPU: 3 } }]);
    const after = await cache.get();
    expect(after).not.toBe(index);
    expect(used(after)).toBe(0);
  });
});
