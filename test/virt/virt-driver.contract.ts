/**
 * The behaviour every VirtDriver must show: each adapter's test file calls
 * `describeVirtDriverContract` with a factory of a fresh, un-initialised
 * driver, as Kysely runs one suite per dialect.
 */
import {
  type Instance,
  isStandardTrait,
  makeInstance,
  PowerState,
  supportsVncConsole,
  type VirtDriver,
} from '@novats/core';
import { describe, expect, it } from 'vitest';

let counter = 0;

/** A minimal building instance for driver tests. */
export function makeTestInstance(overrides: Partial<Instance> = {}): Instance {
  counter += 1;
  const uuid = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  return makeInstance({
    uuid,
    display_name: `vm-${counter}`,
    task_state: 'spawning',
    hostname: `vm-${counter}`,
    ...overrides,
  });
}

const notFound = { kind: 'nova-error', code: 'compute.instance.not_found', status: 404 };

export interface VirtDriverContractOptions {
  /**
   * A second driver on the same hypervisor as `driver` (a restarted
   * nova-compute), for the init_host recovery case; omitted by drivers whose
   * guests live only in the driver's memory (the fake one).
   */
  readonly reopen?: (driver: VirtDriver) => VirtDriver | Promise<VirtDriver>;
}

export function describeVirtDriverContract(
  name: string,
  make: () => VirtDriver | Promise<VirtDriver>,
  opts: VirtDriverContractOptions = {},
) {
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
        // Placement refuses unknown standard traits, so CPU traits are os-traits names it knows.
        for (const trait of r.cpu_traits) expect(isStandardTrait(trait), trait).toBe(true);
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

    it('pauses, suspends and rescues where it says it can, and refuses with a typed error where not', async () => {
      const driver = await ready();
      const caps = driver.capabilities;
      const instance = makeTestInstance();
      await driver.spawn(instance, null, {});
      const unsupported = { code: 'compute.driver.action_unsupported', status: 409 };
      const state = async () => (await driver.getInfo(instance)).state;
      if (caps.supports_pause) {
        await driver.pause(instance);
        expect(await state()).toBe(PowerState.PAUSED);
        await driver.unpause(instance);
        expect(await state()).toBe(PowerState.RUNNING);
      } else {
        await expect(driver.pause(instance)).rejects.toMatchObject(unsupported);
      }
      if (caps.supports_suspend) {
        await driver.suspend(instance);
        expect(await state()).toBe(PowerState.SUSPENDED);
        await driver.resume(instance);
        expect(await state()).toBe(PowerState.RUNNING);
      } else {
        await expect(driver.suspend(instance)).rejects.toMatchObject(unsupported);
      }
      if (caps.supports_rescue) {
        await driver.rescue(instance, null, 'rescue-pass');
        expect(await state()).toBe(PowerState.RUNNING);
        await driver.unrescue(instance);
        expect(await state()).toBe(PowerState.RUNNING);
      } else {
        await expect(driver.rescue(instance, null, null)).rejects.toMatchObject(unsupported);
      }
    });

    it('snapshots a guest into image bytes and prints console output where it can', async () => {
      const driver = await ready();
      const instance = makeTestInstance();
      await driver.spawn(instance, null, {});
      if (driver.capabilities.supports_snapshot) {
        const snap = await driver.snapshot(instance, 'snap-1');
        let size = 0;
        for await (const chunk of snap.chunks) size += chunk.byteLength;
        expect(size).toBeGreaterThan(0);
        expect(snap.disk_format).not.toBe('');
      }
      if (driver.capabilities.supports_console_output) {
        expect(typeof (await driver.getConsoleOutput(instance))).toBe('string');
      }
      await expect(driver.getConsoleOutput(makeTestInstance())).rejects.toMatchObject(
        driver.capabilities.supports_console_output ? notFound : { status: 409 },
      );
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

    const unsupported = { code: 'compute.driver.action_unsupported', status: 409 };
    const vif = { port_id: 'port-c1', mac_address: 'fa:16:3e:c0:ff:ee', network_id: 'net-c', fixed_ips: [] };

    it('reports diagnostics and attaches interfaces and volumes where it says it can', async () => {
      const driver = await ready();
      const caps = driver.capabilities;
      const instance = makeTestInstance();
      await driver.spawn(instance, null, {});
      if (caps.supports_diagnostics) {
        const diag = await driver.getDiagnostics(instance);
        expect(diag).toMatchObject({ state: 'running', num_cpus: instance.flavor.vcpus, num_nics: 0 });
      } else {
        await expect(driver.getDiagnostics(instance)).rejects.toMatchObject(unsupported);
      }
      if (caps.supports_attach_interface) {
        await driver.attachInterface(instance, vif);
        if (caps.supports_diagnostics) {
          expect((await driver.getDiagnostics(instance)).nic_details).toEqual([
            { mac_address: vif.mac_address },
          ]);
        }
        await driver.detachInterface(instance, vif.port_id);
        if (caps.supports_diagnostics) expect((await driver.getDiagnostics(instance)).num_nics).toBe(0);
      } else {
        await expect(driver.attachInterface(instance, vif)).rejects.toMatchObject(unsupported);
      }
      const volume = { volume_id: 'vol-c1', driver_volume_type: 'fake', data: {} };
      if (caps.supports_attach_volume) {
        await driver.attachVolume(instance, volume, '/dev/vdb');
        await driver.detachVolume(instance, volume.volume_id);
      } else {
        await expect(driver.attachVolume(instance, volume, '/dev/vdb')).rejects.toMatchObject(unsupported);
      }
      expect((await driver.getInfo(instance)).state).toBe(PowerState.RUNNING);
    });

    it("tells where a running guest's VNC console is, where it has one", async () => {
      const driver = await ready();
      if (!supportsVncConsole(driver)) return;
      const instance = makeTestInstance();
      await driver.spawn(instance, null, {});
      const vnc = await driver.getVncConsole(instance);
      expect(vnc.host).not.toBe('');
      expect(vnc.port).toBeGreaterThan(0);
      await expect(driver.getVncConsole(makeTestInstance())).rejects.toMatchObject(notFound);
    });

    it('resizes a guest on the same host and reverts it where it can', async () => {
      const driver = await ready();
      const caps = driver.capabilities;
      const instance = makeTestInstance();
      await driver.spawn(instance, null, {});
      const bigger = { ...instance.flavor, name: 'contract.bigger', vcpus: instance.flavor.vcpus + 1 };
      if (!caps.supports_resize) {
        await expect(driver.migrateDiskAndPowerOff(instance, 'contract-host', bigger)).rejects.toMatchObject(
          unsupported,
        );
        return;
      }
      if (!caps.supports_migrate_to_same_host) return;
      await driver.migrateDiskAndPowerOff(instance, 'contract-host', bigger);
      expect((await driver.getInfo(instance)).state).toBe(PowerState.SHUTDOWN);
      await driver.finishMigration(instance, bigger, null, true);
      expect((await driver.getInfo(instance)).state).toBe(PowerState.RUNNING);
      if (caps.supports_diagnostics)
        expect((await driver.getDiagnostics(instance)).num_cpus).toBe(bigger.vcpus);
      await driver.finishRevertMigration(instance, instance.flavor, true);
      await driver.confirmMigration(instance);
      expect((await driver.getInfo(instance)).state).toBe(PowerState.RUNNING);
      if (caps.supports_diagnostics) {
        expect((await driver.getDiagnostics(instance)).num_cpus).toBe(instance.flavor.vcpus);
      }
      expect(await driver.listInstanceUuids()).toContain(instance.uuid);
    });

    if (opts.reopen) {
      const reopen = opts.reopen;
      it('finds its guests and their power states again after a restart (init_host)', async () => {
        const driver = await ready();
        const [running, stopped] = [makeTestInstance(), makeTestInstance()];
        await driver.spawn(running, null, {});
        await driver.spawn(stopped, null, {});
        await driver.powerOff(stopped);
        const restarted = await reopen(driver);
        await restarted.init('contract-host');
        expect((await restarted.listInstanceUuids()).sort()).toEqual([running.uuid, stopped.uuid].sort());
        expect((await restarted.getInfo(running)).state).toBe(PowerState.RUNNING);
        expect((await restarted.getInfo(stopped)).state).toBe(PowerState.SHUTDOWN);
        await restarted.powerOn(stopped);
        expect((await driver.getInfo(stopped)).state).toBe(PowerState.RUNNING);
        await restarted.destroy(running);
        expect(await driver.listInstanceUuids()).toEqual([stopped.uuid]);
      });
    }
  });
}
