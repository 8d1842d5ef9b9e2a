import {
  CONSUMER_ALLOCATIONS_VIEW,
  INVENTORIES_VIEW,
  PROVIDER_AGGREGATES_VIEW,
  PROVIDER_TRAITS_VIEW,
  RESOURCE_PROVIDER_VIEW_V1_0,
  RESOURCE_PROVIDER_VIEW_V1_14,
  SERVER_VIEW_V2_1,
  USAGES_VIEW,
} from '@novats/core';
import {
  type AllocationsPut,
  BadRequest,
  ComputeClient,
  createClient,
  NotFound,
  RequestValidationError,
  type ResourceProvider,
  type ResourceProviderCreate,
  type ServerCreate,
  ServerFailed,
  type ServerView,
  schemaMismatch,
  TokenSession,
} from '@novats/sdk';
import { startCloud, type TestCloud } from '@novats/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('@novats/sdk against startCloud()', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startCloud({ hosts: 2, identity: { adminPassword: 'sekrit' } });
  });
  afterEach(() => cloud.reset());
  afterAll(() => cloud?.stop());

  it('boots a server, waits for ACTIVE with progress callbacks, and the answer matches the shared view schema', async () => {
    const compute = cloud.client.compute;
    const created = await compute.createServer({ name: 'web', flavorRef: '1', imageRef: cloud.imageRef });
    const seen: string[] = [];
    const t0 = performance.now();
    const server = await compute.waitFor(created, 'ACTIVE', {
      intervalMs: 2,
      onProgress: (s) => seen.push(s),
    });
    console.log(`waitFor ACTIVE: ${(performance.now() - t0).toFixed(1)} ms, progress ${seen.join(',')}`);
    expect(server.status).toBe('ACTIVE');
    expect(server.id).toBe(created.id);
    expect(schemaMismatch(SERVER_VIEW_V2_1, server)).toBeNull();
  });

  it('the response type follows the microversion: description exists from 2.19', async () => {
    const c = cloud.client.compute.at('2.19');
    const created = await c.createServer({
      name: 'd',
      flavorRef: '1',
      imageRef: cloud.imageRef,
      description: 'hello',
    });
    const server = await c.waitFor(created.id, 'ACTIVE', { intervalMs: 2 });
    expectTypeOf(server.description).toEqualTypeOf<string | null>();
    expect(server.description).toBe('hello');
    // 2.37 requires networks: the type says so and the SDK refuses before sending
    const c37 = cloud.client.compute.at('2.37');
    // @ts-expect-error networks is required at 2.37
    const missing = c37.createServer({ name: 'n', flavorRef: '1', imageRef: cloud.imageRef }).catch((e) => e);
    const err = await missing;
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err.path).toBe('/server/networks');
    expect(err.message).toContain('networks');
    // at 2.1, description is unknown to both the type and the schema
    const at21 = { name: 'o', flavorRef: '1', description: 'x' };
    expectTypeOf<'description' extends keyof ServerCreate<'2.1'> ? true : false>().toEqualTypeOf<false>();
    expectTypeOf<'description' extends keyof ServerCreate<'2.19'> ? true : false>().toEqualTypeOf<true>();
    const old = await cloud.client.compute.createServer(at21 as ServerCreate<'2.1'>).catch((e) => e);
    expect(old).toBeInstanceOf(RequestValidationError);
    expect(old.path).toBe('/server/description');
  });

  it('rejects a bad field with its path before sending anything', async () => {
    const err = await cloud.client.compute
      .createServer({ name: 'x', flavorRef: '1', accessIPv4: 'not-an-ip' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err.path).toBe('/server/accessIPv4');
    expect(await collect(cloud.client.compute.servers())).toEqual([]);
  });

  it("Nova's errors are typed exceptions carrying the fault", async () => {
    const err = await cloud.client.compute.getServer('00000000-0000-0000-0000-000000000000').catch((e) => e);
    expect(err).toBeInstanceOf(NotFound);
    expect(err.status).toBe(404);
    expect(err.fault.name).toBe('itemNotFound');
    expect(err.fault.code).toBe(404);
    const bad = await cloud.client.compute
      .createServer({ name: 'x', flavorRef: 'no-such-flavor' })
      .catch((e) => e);
    expect(bad).toBeInstanceOf(BadRequest);
    expect(bad.fault.name).toBe('badRequest');
  });

  it('waitFor rejects with the fault when the server goes to ERROR', async () => {
    for (const h of cloud.hosts) cloud.faults(h).failNext('spawn', { times: Infinity });
    const created = await cloud.client.compute.createServer({
      name: 'x',
      flavorRef: '1',
      imageRef: cloud.imageRef,
    });
    const err = await cloud.client.compute.waitFor(created, 'ACTIVE', { intervalMs: 2 }).catch((e) => e);
    expect(err).toBeInstanceOf(ServerFailed);
    expect(err.faultMessage).toMatch(/Exceeded maximum number of retries/);
  });

  it('pages through servers with the marker', async () => {
    for (let i = 0; i < 5; i++)
      await cloud.client.compute.createServer({ name: `p${i}`, flavorRef: '1', imageRef: cloud.imageRef });
    const names = [];
    for await (const s of cloud.client.compute.servers({ pageSize: 2 })) names.push(s.name);
    expect(names.sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('a Keystone password session finds every endpoint in its catalog', async () => {
    const pw = cloud.credentials.password;
    expect(pw).toBeDefined();
    const client = createClient({ password: pw! });
    const projects = await client.identity.projects();
    expect(projects.map((p) => p.name)).toContain('admin');
    expect((await client.placement.resourceProviders()).map((r) => r.name).sort()).toEqual([
      'compute1',
      'compute2',
    ]);
    const images = [];
    for await (const i of client.image.images({ pageSize: 1 })) images.push(i.id);
    expect(images).toContain(cloud.imageRef);
    const created = await client.compute.createServer({
      name: 'kv',
      flavorRef: '1',
      imageRef: cloud.imageRef,
    });
    const server = await client.compute.waitFor(created, 'ACTIVE', { intervalMs: 2 });
    const alloc = await client.placement.allocations(server.id);
    expect(Object.values(alloc)[0].resources).toMatchObject({ VCPU: 1 });
    const wrong = createClient({ password: { ...pw!, password: 'wrong' } });
    await expect(wrong.identity.projects()).rejects.toMatchObject({ status: 401 });
  });

  it('Placement: typed writes by microversion, checked before sending, answers matching the shared views', async () => {
    const placement = cloud.client.placement;
    const rp = await placement.createResourceProvider({ name: 'sdk-rp', uuid: crypto.randomUUID() });
    expectTypeOf(rp).toEqualTypeOf<ResourceProvider>();
    expect(schemaMismatch(RESOURCE_PROVIDER_VIEW_V1_14, rp)).toBeNull();
    expect(rp.parent_provider_uuid).toBeNull();
    const inv = await placement.setInventories(rp.uuid, {
      resource_provider_generation: rp.generation,
      inventories: { VCPU: { total: 8, allocation_ratio: 2 }, MEMORY_MB: { total: 4096 } },
    });
    expect(schemaMismatch(INVENTORIES_VIEW, inv)).toBeNull();
    expect(inv.inventories.VCPU).toMatchObject({ total: 8, reserved: 0, allocation_ratio: 2 });
    const traits = await placement.setProviderTraits(rp.uuid, {
      traits: ['HW_CPU_X86_AVX2'],
      resource_provider_generation: inv.resource_provider_generation,
    });
    expect(schemaMismatch(PROVIDER_TRAITS_VIEW, traits)).toBeNull();
    const agg = crypto.randomUUID();
    const aggs = await placement.setProviderAggregates(rp.uuid, {
      aggregates: [agg],
      resource_provider_generation: traits.resource_provider_generation,
    });
    expect(schemaMismatch(PROVIDER_AGGREGATES_VIEW, aggs)).toBeNull();
    expect(aggs.aggregates).toEqual([agg]);

    const consumer = crypto.randomUUID();
    await placement.putAllocations(consumer, {
      allocations: { [rp.uuid]: { resources: { VCPU: 2, MEMORY_MB: 512 } } },
      project_id: 'p',
      user_id: 'u',
      consumer_generation: null,
      consumer_type: 'INSTANCE',
    });
    const answered = await placement.consumerAllocations(consumer);
    expect(schemaMismatch(CONSUMER_ALLOCATIONS_VIEW, answered)).toBeNull();
    expect(answered).toMatchObject({ consumer_generation: 1, consumer_type: 'INSTANCE' });
    expect(
      schemaMismatch(USAGES_VIEW, {
        resource_provider_generation: 0,
        usages: await placement.usages(rp.uuid),
      }),
    ).toBeNull();
    expect(await placement.usages(rp.uuid)).toEqual({ VCPU: 2, MEMORY_MB: 512 });

    // The body types follow the microversion: a parent from 1.14, consumer_type from 1.38.
    expectTypeOf<ResourceProviderCreate<'1.0'>>().not.toHaveProperty('parent_provider_uuid');
    expectTypeOf<ResourceProviderCreate<'1.14'>>().toHaveProperty('parent_provider_uuid');
    expectTypeOf<AllocationsPut<'1.37'>>().not.toHaveProperty('consumer_type');
    expectTypeOf<AllocationsPut<'1.38'>['consumer_type']>().toEqualTypeOf<string>();
    // 1.38 needs consumer_type: the SDK refuses the body before it leaves, naming the field.
    const missing = await placement
      .putAllocations(consumer, {
        allocations: {},
        project_id: 'p',
        user_id: 'u',
        consumer_generation: 1,
      } as never)
      .catch((e) => e);
    expect(missing).toBeInstanceOf(RequestValidationError);
    expect(missing.path).toBe('/consumer_type');
    // The list form of 1.0 at that version, and the 1.0 provider view (no tree fields).
    const old = placement.at('1.0');
    const shown = await old.resourceProvider(rp.uuid);
    expect(shown.name).toBe('sdk-rp');
    expect(schemaMismatch(RESOURCE_PROVIDER_VIEW_V1_0, shown)).toBeNull();
    expect(shown).not.toHaveProperty('root_provider_uuid');
    const bad = await old
      .putAllocations(consumer, { allocations: { [rp.uuid]: { resources: { VCPU: 1 } } } } as never)
      .catch((e) => e);
    expect(bad).toBeInstanceOf(RequestValidationError);
    expect(bad.path).toBe('/allocations');
  });

  it('a token session with given endpoints', async () => {
    const compute = new ComputeClient(
      new TokenSession(cloud.credentials.userToken, { compute: cloud.endpoints.compute }),
    );
    const flavors = await compute.flavors().all();
    expect(flavors.length).toBeGreaterThan(0);
    const list: ServerView<'2.1'>[] = await compute.servers().all();
    expect(list).toEqual([]);
  });
});
