/**
 * The placement report client against the real Placement app, on every
 * dialect, reached two ways: HttpPlacementClient over an ephemeral port, and
 * the all-in-one's in-process requester (the same route table, no HTTP).
 * The report-client flow Nova's compute and scheduler use, claims racing for
 * the last resources, and Placement's errors, identical both ways.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { adminContext, type Inventory, PlacementUnreachable, PolicyEnforcer } from '@novats/core';
import {
  HttpPlacementClient,
  HttpPlacementRequester,
  type KnexPlacementStore,
  openPlacementStore,
  type PlacementReply,
  PlacementReportClient,
  type PlacementRequester,
} from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessPlacement } from '../../packages/server/src/api/placement/in-process-placement.js';
import {
  createPlacementApp,
  PLACEMENT_POLICIES,
  PLACEMENT_ROUTES,
} from '../../packages/server/src/api/placement/index.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { placementStoreFor } from '../support/placement-store.js';

const inv = (total: number, extra: Partial<Inventory> = {}): Inventory => ({
  total,
  reserved: 0,
  min_unit: 1,
  max_unit: total,
  step_size: 1,
  allocation_ratio: 1,
  ...extra,
});

const WAYS = ['http', 'in-process'] as const;

describe.each(
  DIALECTS.flatMap((d) => WAYS.map((w) => [d, w] as const)),
)('placement client on %s, %s', (dialect, way) => {
  let db: TestDatabase;
  let store: KnexPlacementStore;
  let app: ReturnType<typeof createPlacementApp>;
  let client: PlacementReportClient;
  /** The other way's requester, to compare raw replies. */
  let http: PlacementRequester;
  let local: PlacementRequester;
  const ctx = adminContext('req-test');
  const owner = { project_id: 'proj', user_id: 'user' };

  beforeAll(async () => {
    db = await createTestDatabase(dialect, 'placement_client');
    store = await openPlacementStore(db.url);
    const policy = new PolicyEnforcer(PLACEMENT_POLICIES);
    app = createPlacementApp({ store, policy });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    http = new HttpPlacementRequester({ endpoint: address, token: 'admin' });
    local = new InProcessPlacement(store, { policy, randomizeAllocationCandidates: false }, PLACEMENT_ROUTES);
    client =
      way === 'http'
        ? new HttpPlacementClient({ endpoint: address, token: 'admin' })
        : new PlacementReportClient(local);
  });
  afterAll(async () => {
    await client?.close();
    await http?.close();
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
  it('answers raw requests, errors included, as the HTTP API does', async () => {
    const uuid = randomUUID();
    await client.ensureResourceProvider(ctx, uuid, `compute-raw-${way}`);
    await client.setInventory(ctx, uuid, { VCPU: inv(2) });
    const consumer = randomUUID();
    const ask = (path: string, method: 'GET' | 'PUT' | 'POST' | 'DELETE' = 'GET', body?: unknown) =>
      Promise.all([http, local].map((r) => r.request({ ctx, method, path, body, microversion: '1.36' })));
    /** Status, error code and detail (the request id differs by design). */
    const shape = (r: PlacementReply) => ({
      status: r.status,
      body: r.body?.errors ? r.body.errors.map((e: any) => [e.code, e.detail]) : r.body,
    });
    const same = async (...args: Parameters<typeof ask>) => {
      const [viaHttp, inProcess] = await ask(...args);
      expect(shape(inProcess!)).toEqual(shape(viaHttp!));
      return viaHttp!;
    };
    expect((await same(`/resource_providers/${uuid}/inventories`)).status).toBe(200);
    expect(
      (
        await same(
          `/allocation_candidates?resources=VCPU:1&in_tree=${uuid}&required=!COMPUTE_STATUS_DISABLED`,
        )
      ).status,
    ).toBe(200);
    expect((await same(`/allocation_candidates?resources=VCPU:1&bogus=1`)).status).toBe(400);
    expect((await same('/no_such_thing')).status).toBe(404);
    expect((await same(`/allocations/${consumer}`, 'POST', {})).status).toBe(405);
    // A body the schema refuses: the same 400 and wording.
    expect((await same(`/allocations/${consumer}`, 'PUT', { allocations: {} })).status).toBe(400);
    // Beyond capacity: 409 with Placement's code, the same way.
    const tooBig = {
      allocations: { [uuid]: { resources: { VCPU: 3 } } },
      ...owner,
      consumer_generation: null,
    };
    expect((await same(`/allocations/${consumer}`, 'PUT', tooBig)).status).toBe(409);
    expect((await same(`/allocations/${consumer}`, 'DELETE')).status).toBe(404);
  });
});

describe('placement over HTTP, unreachable', () => {
  const ctx = adminContext('req-unreachable');

  it('rejects with PlacementUnreachable when nothing listens, and again after the client is closed', async () => {
    // A port that was just free: bound, then released.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = new HttpPlacementClient({
      endpoint: `http://127.0.0.1:${port}/placement`,
      token: 'admin',
    });
    const refused = await client.getAllocations(ctx, randomUUID()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PlacementUnreachable);
    expect(refused).toMatchObject({ code: 'nova.placement_unreachable', status: 503 });
    expect((refused as Error).message).toContain(`127.0.0.1:${port}`);
    await client.close();
    await expect(client.getAllocations(ctx, randomUUID())).rejects.toBeInstanceOf(PlacementUnreachable);
  });
});

describe('in-process placement, stopped', () => {
  const placement = placementStoreFor('sqlite');
  const ctx = adminContext('req-stop');
  const policy = new PolicyEnforcer(PLACEMENT_POLICIES);

  it('answers the requests already running, then rejects every later one as a refused connection would', async () => {
    const local = new InProcessPlacement(
      placement.store,
      { policy, randomizeAllocationCandidates: false },
      PLACEMENT_ROUTES,
    );
    const client = new PlacementReportClient(local);
    const uuid = randomUUID();
    const running = local.request({
      ctx,
      method: 'POST',
      path: '/resource_providers',
      body: { uuid, name: 'compute-stopping' },
      microversion: '1.36',
    });
    const stopped = local.stop();
    expect((await running).status).toBe(200);
    await stopped;
    expect(await placement.store.getProvider(uuid)).toMatchObject({ name: 'compute-stopping' });
    await expect(client.getAllocations(ctx, randomUUID())).rejects.toBeInstanceOf(PlacementUnreachable);
    await expect(
      local.request({ ctx, method: 'GET', path: '/resource_providers', microversion: '1.36' }),
    ).rejects.toMatchObject({ code: 'nova.placement_unreachable', status: 503 });
    // Stopping again, or closing the client afterwards, is harmless.
    await local.stop();
    await client.close();
  });
});
