/**
 * The behaviour every VirtDriver must show: each adapter's test file calls
 * `describeVirtDriverContract` with a factory of a fresh, un-initialised
 * driver, as Kysely runs one suite per dialect.
 */
import { type Instance, PowerState, type VirtDriver } from '@novats/core';
import { describe, expect, it } from 'vitest';

let counter = 0;

/** A minimal building instance for driver tests. */
export function makeTestInstance(overrides: Partial<Instance> = {}): Instance {
  counter += 1;
  const uuid = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  return {
    uuid,
    display_name: `vm-${counter}`,
    display_description: null,
    project_id: 'p1',
    user_id: 'u1',
    vm_state: 'building',
    task_state: 'spawning',
    power_state: PowerState.NOSTATE,
    host: null,
    node: null,
    image_ref: 'a2459075-d96c-40d5-893e-577ff92e721c',
    flavor: {
      id: 1,
      flavorid: '1',
      name: 'm1.tiny',
      memory_mb: 512,
      vcpus: 1,
      root_gb: 1,
      ephemeral_gb: 0,
      swap: 0,
      rxtx_factor: 1,
      vcpu_weight: null,
      disabled: false,
      is_public: true,
      description: null,
      extra_specs: {},
    },
    availability_zone: null,
    key_name: null,
    metadata: {},
    addresses: [],
    access_ip_v4: null,
    access_ip_v6: null,
    config_drive: '',
    progress: 0,
    launch_index: 0,
    reservation_id: 'r-1',
    hostname: `vm-${counter}`,
    locked: false,
    locked_by: null,
    user_data: null,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: null,
    launched_at: null,
    terminated_at: null,
    deleted_at: null,
    deleted: false,
    ...overrides,
  };
}

const notFound = { kind: 'nova-error', code: 'compute.instance.not_found', status: 404 };

export function describeVirtDriverContract(name: string, make: () => VirtDriver | Promise<VirtDriver>) {
  describe(`VirtDriver contract: ${name}`, () => {
    const ready = async () => {
      const driver = await make();
      await driver.init('contract-host');
      return driver;
    };

    it('reports at least one node with its resources', async () => {
      const driver = await ready();
      const nodes = await driver.getAvailableNodes();
      expect(nodes.length).toBeGreaterThan(0);
      for (const node of nodes) {
        const r = await driver.getNodeResources(node);
        expect(r.hypervisor_hostname).toBe(node);
        expect(r.vcpus).toBeGreaterThan(0);
        expect(r.memory_mb).toBeGreaterThan(0);
        expect(r.local_gb).toBeGreaterThan(0);
        expect(r.hypervisor_type).not.toBe('');
      }
    });

    it('spawns a running guest that it lists', async () => {
      const driver = await ready();
      const instance = makeTestInstance();
      await driver.spawn(instance, null, { adminPass: 'secret' });
      await expect(driver.getInfo(instance)).resolves.toEqual({ state: PowerState.RUNNING });
      expect(await driver.listInstanceUuids()).toContain(instance.uuid);
    });

    it('moves power states: off, on, soft and hard reboot', async () => {
      const driver = await ready();
      const instance = makeTestInstance();
      await driver.spawn(instance, null, {});
      await driver.powerOff(instance);
      expect((await driver.getInfo(instance)).state).toBe(PowerState.SHUTDOWN);
      await driver.powerOn(instance);
      expect((await driver.getInfo(instance)).state).toBe(PowerState.RUNNING);
      await driver.powerOff(instance);
      await driver.reboot(instance, 'HARD');
      expect((await driver.getInfo(instance)).state).toBe(PowerState.RUNNING);
      await driver.reboot(instance, 'SOFT');
      expect((await driver.getInfo(instance)).state).toBe(PowerState.RUNNING);
    });

    it('destroys idempotently, also a guest it never had', async () => {
      const driver = await ready();
      const instance = makeTestInstance();
      await driver.spawn(instance, null, {});
      await driver.destroy(instance);
      await driver.destroy(instance);
      await driver.destroy(makeTestInstance());
      expect(await driver.listInstanceUuids()).not.toContain(instance.uuid);
      await expect(driver.getInfo(instance)).rejects.toMatchObject(notFound);
    });

    it('rejects getInfo and power operations on an unknown guest with InstanceNotFound', async () => {
      const driver = await ready();
      const ghost = makeTestInstance();
      await expect(driver.getInfo(ghost)).rejects.toMatchObject(notFound);
      await expect(driver.powerOff(ghost)).rejects.toMatchObject(notFound);
      await expect(driver.powerOn(ghost)).rejects.toMatchObject(notFound);
      await expect(driver.reboot(ghost, 'SOFT')).rejects.toMatchObject(notFound);
    });

    it('keeps guests apart', async () => {
      const driver = await ready();
      const [a, b] = [makeTestInstance(), makeTestInstance()];
      await Promise.all([driver.spawn(a, null, {}), driver.spawn(b, null, {})]);
      await driver.powerOff(a);
      expect((await driver.getInfo(b)).state).toBe(PowerState.RUNNING);
      await driver.destroy(a);
      expect((await driver.listInstanceUuids()).sort()).toEqual([b.uuid]);
    });
  });
}
