import { type ImageMeta, PowerState } from '@novats/core';
import { createVirtDriver, FakeDriver, VirtDriverNotAvailable, VirtDriverNotFound } from '@novats/drivers';
import { describe, expect, it } from 'vitest';
import { describeVirtDriverContract, makeTestInstance } from './virt-driver.contract.js';

describeVirtDriverContract('fake.FakeDriver', () => new FakeDriver());
describeVirtDriverContract(
  'fake.FakeDriver (multi-node, delayed)',
  () => new FakeDriver({ nodes: ['n1', 'n2'], spawnDelayMs: 5 }),
);
describeVirtDriverContract('createVirtDriver(fake.SmallFakeDriver)', () =>
  createVirtDriver('fake.SmallFakeDriver'),
);

const image = { id: 'img-1' } as ImageMeta;

describe('FakeDriver', () => {
  it('reports Nova fake defaults, the configured sizes and one node named after the host', async () => {
    const plain = new FakeDriver();
    await plain.init('compute1');
    expect(await plain.getAvailableNodes()).toEqual(['compute1']);
    expect(await plain.getNodeResources('compute1')).toMatchObject({
      hypervisor_type: 'fake',
      vcpus: 1000,
      memory_mb: 800000,
      local_gb: 600000,
    });
    const sized = new FakeDriver({ vcpus: 16, memory_mb: 32768, local_gb: 500, hypervisor_type: 'qemu' });
    await sized.init('compute2');
    expect(await sized.getNodeResources('compute2')).toMatchObject({
      hypervisor_hostname: 'compute2',
      hypervisor_type: 'qemu',
      vcpus: 16,
      memory_mb: 32768,
      local_gb: 500,
    });
    await expect(sized.getNodeResources('elsewhere')).rejects.toMatchObject({
      code: 'compute.host.not_found',
    });
  });

  it('places guests on the instance node in multi-node mode', async () => {
    const driver = new FakeDriver({ nodes: ['n1', 'n2'] });
    await driver.init('h');
    expect(await driver.getAvailableNodes()).toEqual(['n1', 'n2']);
    await driver.spawn(makeTestInstance({ node: 'n2' }), image, { adminPass: 'pw' });
    await driver.spawn(makeTestInstance({ node: null }), null, {});
    expect(driver.guests().map((g) => g.node)).toEqual(['n2', 'n1']);
    expect(driver.guests()[0]).toMatchObject({ image_id: 'img-1', admin_pass: 'pw', memory_mb: 512 });
  });

  it('fails the next N spawns and leaves nothing behind', async () => {
    const driver = new FakeDriver({ failNextSpawns: 2 });
    await driver.init('h');
    const [a, b, c] = [makeTestInstance(), makeTestInstance(), makeTestInstance()];
    await expect(driver.spawn(a, null, {})).rejects.toMatchObject({ code: 'compute.build.failed' });
    await expect(driver.spawn(b, null, {})).rejects.toThrow(/Fake spawn failure/);
    await driver.spawn(c, null, {});
    expect(await driver.listInstanceUuids()).toEqual([c.uuid]);
    driver.failNextSpawns(1);
    await expect(driver.spawn(makeTestInstance(), null, {})).rejects.toThrow();
    await driver.spawn(a, null, {});
    expect((await driver.getInfo(a)).state).toBe(PowerState.RUNNING);
  });

  it('fails spawns chosen by failSpawn, with its message', async () => {
    const driver = new FakeDriver({ failSpawn: (i) => (i.display_name === 'doomed' ? 'no luck' : false) });
    await driver.init('h');
    await expect(driver.spawn(makeTestInstance({ display_name: 'doomed' }), null, {})).rejects.toThrow(
      'no luck',
    );
    await expect(driver.spawn(makeTestInstance({ display_name: 'fine' }), null, {})).resolves.toBeUndefined();
  });

  it('waits spawnDelayMs, shows the guest as NOSTATE meanwhile, and loses to a destroy during the build', async () => {
    const driver = new FakeDriver({ spawnDelayMs: 30 });
    await driver.init('h');
    const instance = makeTestInstance();
    const started = Date.now();
    const spawning = driver.spawn(instance, null, {});
    await new Promise((r) => setTimeout(r, 5));
    expect((await driver.getInfo(instance)).state).toBe(PowerState.NOSTATE);
    await driver.destroy(instance);
    await expect(spawning).rejects.toMatchObject({ code: 'compute.instance.not_found' });
    expect(await driver.listInstanceUuids()).toEqual([]);
    const other = makeTestInstance();
    await driver.spawn(other, null, {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('refuses to spawn the same guest twice and lets tests change power states', async () => {
    const driver = new FakeDriver();
    await driver.init('h');
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    await expect(driver.spawn(instance, null, {})).rejects.toMatchObject({ status: 409 });
    driver.setPowerState(instance.uuid, PowerState.CRASHED);
    expect((await driver.getInfo(instance)).state).toBe(PowerState.CRASHED);
  });
});

describe('createVirtDriver', () => {
  it.each([
    'fake.FakeDriver',
    'nova.virt.fake.FakeDriver',
  ])('builds a FakeDriver for %s with options', async (name) => {
    const driver = createVirtDriver(name, { vcpus: 4 });
    expect(driver).toBeInstanceOf(FakeDriver);
    await driver.init('h');
    expect((await driver.getNodeResources('h')).vcpus).toBe(4);
  });

  it('gives SmallFakeDriver its Nova sizes', async () => {
    const driver = createVirtDriver('fake.SmallFakeDriver');
    await driver.init('h');
    expect(await driver.getNodeResources('h')).toMatchObject({ vcpus: 1, memory_mb: 8192, local_gb: 1024 });
  });

  it('refuses planned drivers clearly for now and unknown drivers', () => {
    expect(() => createVirtDriver('hyperv.HyperVDriver')).toThrow(VirtDriverNotAvailable);
    expect(() => createVirtDriver('hyperv.HyperVDriver')).toThrow(/not available yet/);
    expect(() => createVirtDriver('nope.NopeDriver')).toThrow(VirtDriverNotFound);
  });
});
