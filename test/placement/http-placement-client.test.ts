/**
 * HttpPlacementClient against the real Placement app listening on an
 * ephemeral port, on SQLite and MariaDB: the report-client flow Nova's
 * compute and scheduler use, and claims racing for the last resources.
 */
import { randomUUID } from 'node:crypto';
import { adminContext, type Inventory } from '@novats/core';
import { HttpPlacementClient, type KnexPlacementStore, openPlacementStore } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlacementApp } from '../../packages/server/src/api/placement/index.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

const inv = (total: number, extra: Partial<Inventory> = {}): Inventory => ({
  total,
  reserved: 0,
  min_unit: 1,
  max_unit: total,
  step_size: 1,
  allocation_ratio: 1,
  ...extra,
});

describe.each(DIALECTS)('HttpPlacementClient on %s', (dialect) => {
  let db: TestDatabase;
  let store: KnexPlacementStore;
  let app: ReturnType<typeof createPlacementApp>;
  let client: HttpPlacementClient;
  const ctx = adminContext('req-test');
  const owner = { project_id: 'proj', user_id: 'user' };

  beforeAll(async () => {
    db = await createTestDatabase(dialect, 'placement_client');
    store = await openPlacementStore(db.url);
    app = createPlacementApp({ store });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    client = new HttpPlacementClient({ endpoint: address, token: 'admin' });
  });
  afterAll(async () => {
    await client?.close();
    await app?.close();
    await store?.close();
    await db?.drop();
  });

  it('reports a compute node and schedules onto it', async () => {
    const uuid = randomUUID();
    const rp = await client.ensureResourceProvider(ctx, uuid, 'compute-1');
    expect(rp).toMatchObject({ uuid, name: 'compute-1', generation: 0, root_provider_uuid: uuid });
    expect((await client.ensureResourceProvider(ctx, uuid, 'compute-1')).uuid).toBe(uuid);
    await client.setInventory(ctx, uuid, {
      VCPU: inv(4, { allocation_ratio: 16 }),
      MEMORY_MB: inv(2048, { reserved: 512 }),
    });
    await client.setInventory(ctx, uuid, {
      VCPU: inv(4, { allocation_ratio: 16 }),
      MEMORY_MB: inv(2048, { reserved: 512 }),
    });
    await client.setTraits(ctx, uuid, ['COMPUTE_NODE', 'HW_CPU_X86_AVX2']);
    const after = await store.getProvider(uuid);
    expect(after?.generation).toBe(2);

    const ac = await client.getAllocationCandidates(ctx, {
      resources: { VCPU: 2, MEMORY_MB: 512 },
      required: ['HW_CPU_X86_AVX2', '!COMPUTE_STATUS_DISABLED'],
      in_tree: uuid,
      limit: 5,
    });
    expect(ac.allocation_requests).toHaveLength(1);
    expect(ac.provider_summaries[uuid]?.resources.VCPU).toEqual({ capacity: 64, used: 0 });

    const consumer = randomUUID();
    expect(await client.claimResources(ctx, consumer, ac.allocation_requests[0]!, owner, null)).toBe(true);
    // A second claim that assumes a new consumer conflicts on the consumer generation.
    expect(await client.claimResources(ctx, consumer, ac.allocation_requests[0]!, owner, null)).toBe(false);
    const held = await client.getAllocations(ctx, consumer);
    expect(held).toMatchObject({ consumer_generation: 1, project_id: 'proj', user_id: 'user' });
    expect(held.allocations[uuid]?.resources).toEqual({ VCPU: 2, MEMORY_MB: 512 });
    const tooBig = { allocations: { [uuid]: { resources: { MEMORY_MB: 4096 } } } };
    expect(await client.claimResources(ctx, randomUUID(), tooBig, owner, null)).toBe(false);

    await client.deleteAllocations(ctx, consumer);
    await client.deleteAllocations(ctx, consumer);
    expect((await client.getAllocations(ctx, consumer)).allocations).toEqual({});
    await client.deleteResourceProvider(ctx, uuid);
    await client.deleteResourceProvider(ctx, uuid);
    expect(await store.getProvider(uuid)).toBeUndefined();
  });

  it('grants exactly the capacity to 30 racing claims', async () => {
    const uuid = randomUUID();
    await client.ensureResourceProvider(ctx, uuid, 'compute-race');
    await client.setInventory(ctx, uuid, { VCPU: inv(10) });
    const request = { allocations: { [uuid]: { resources: { VCPU: 1 } } } };
    const granted = await Promise.all(
      Array.from({ length: 30 }, () => client.claimResources(ctx, randomUUID(), request, owner, null)),
    );
    expect(granted.filter(Boolean)).toHaveLength(10);
    expect((await store.getProviderUsages(uuid)).usages).toEqual({ VCPU: 10 });
    const ac = await client.getAllocationCandidates(ctx, { resources: { VCPU: 1 }, in_tree: uuid });
    expect(ac.allocation_requests).toHaveLength(0);
  });

  it('surfaces Placement errors with their code', async () => {
    await expect(client.setTraits(ctx, randomUUID(), ['COMPUTE_NODE'])).rejects.toMatchObject({
      status: 404,
      code: 'placement.resource_provider.not_found',
    });
  });
});
