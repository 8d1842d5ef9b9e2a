/**
 * The VMware driver against vcsim (VMware's vCenter simulator, built from
 * Debian's govmomi source): the shared contract, then what is VMware's own:
 * the node named after the cluster, resources and CPU traits from the
 * hosts, the VM's configuration in vCenter, resize by ReconfigVM_Task,
 * interfaces, a vanished VM, a failed task, an unreachable vCenter, and a
 * second driver (a restarted nova-compute) finding the guests again.
 */
import { PowerState } from '@novats/core';
import { createVirtDriver, VimClient, type VMwareDriverOptions, VMwareVCDriver } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  children,
  childText,
  moref,
  text,
  toMoRef,
} from '../../packages/drivers/src/virt/vmware/soap-xml.js';
import { startVcsim, type Vcsim, vcsimUnavailable } from '../support/vcsim/vcsim.js';
import { describeVirtDriverContract, makeTestInstance } from './virt-driver.contract.js';

const missing = vcsimUnavailable();
if (missing)
  throw new Error(
    `vcsim cannot be built: ${missing} (apt-get install golang-go golang-github-vmware-govmomi-dev)`,
  );

let sim: Vcsim;
const drivers: VMwareVCDriver[] = [];

beforeAll(async () => {
  sim = await startVcsim();
}, 300_000);

afterAll(async () => {
  for (const d of drivers) await d.close().catch(() => {});
  await sim?.stop();
});

function options(over: Partial<VMwareDriverOptions> = {}): VMwareDriverOptions {
  return {
    host_ip: sim.host,
    host_port: sim.port,
    host_username: sim.username,
    host_password: sim.password,
    cluster_name: 'DC0_C0',
    insecure: true,
    ...over,
  };
}

/** A driver on a cluster with none of the previous tests' guests left. */
async function freshDriver(over: Partial<VMwareDriverOptions> = {}): Promise<VMwareVCDriver> {
  const driver = new VMwareVCDriver(options(over));
  drivers.push(driver);
  await driver.init('vmware-compute');
  for (const uuid of await driver.listInstanceUuids()) await driver.destroy(makeTestInstance({ uuid }));
  return driver;
}

describeVirtDriverContract('vmwareapi.VMwareVCDriver (vcsim)', () => freshDriver(), {
  reopen: () => {
    const restarted = new VMwareVCDriver(options());
    drivers.push(restarted);
    return restarted;
  },
});

describe('VMwareVCDriver on vcsim', () => {
  let driver: VMwareVCDriver;
  let vim: VimClient;
  beforeAll(async () => {
    driver = await freshDriver();
    vim = new VimClient({
      url: `https://${sim.host}:${sim.port}/sdk`,
      username: sim.username,
      password: sim.password,
      insecure: true,
      host: 'test',
    });
    await vim.login();
  });
  afterAll(async () => {
    await vim?.logout();
  });

  it('reports the cluster as one node with its hosts resources and CPU traits', async () => {
    const [node] = await driver.getAvailableNodes();
    // Nova's node name: the cluster's managed object id and vCenter's instance uuid.
    expect(node).toMatch(/^[\w-]+\.[0-9a-f-]{36}$/);
    const r = await driver.getNodeResources(node);
    expect(r.hypervisor_type).toBe('VMware vCenter Server');
    expect(r.hypervisor_version).toBe(6005000);
    expect(r.vcpus).toBeGreaterThan(0);
    expect(r.memory_mb).toBeGreaterThan(1024);
    expect(r.local_gb).toBeGreaterThan(0);
    expect(r.cpu_traits).toEqual(expect.arrayContaining(['HW_CPU_X86_SSE2', 'HW_CPU_X86_AESNI']));
  });

  /** The VM's properties as vCenter holds them. */
  async function vmProps(uuid: string, paths: string[]) {
    const vm = await vim.invoke('FindByUuid', vim.content.searchIndex, {
      uuid,
      vmSearch: true,
      instanceUuid: true,
    });
    expect(vm).toBeDefined();
    const ref = toMoRef(vm)!;
    return { ref, props: await vim.propertiesOf(ref, paths) };
  }

  it('creates the VM from the flavor, named and managed as Nova does', async () => {
    const instance = makeTestInstance({
      flavor: { ...makeTestInstance().flavor, vcpus: 2, memory_mb: 1024, root_gb: 1 },
    });
    await driver.spawn(instance, null, {
      networkInfo: [
        { port_id: 'port-1', mac_address: 'fa:16:3e:00:00:01', network_id: 'net', fixed_ips: [] },
      ],
    });
    const { props } = await vmProps(instance.uuid, [
      'name',
      'config.hardware',
      'config.managedBy',
      'runtime.powerState',
    ]);
    expect(text(props.get('name'))).toBe(instance.uuid);
    expect(childText(props.get('config.hardware'), 'numCPU')).toBe('2');
    expect(childText(props.get('config.hardware'), 'memoryMB')).toBe('1024');
    expect(childText(props.get('config.managedBy'), 'extensionKey')).toBe('org.openstack.compute');
    expect(text(props.get('runtime.powerState'))).toBe('poweredOn');
    const diag = await driver.getDiagnostics(instance);
    expect(diag).toMatchObject({ state: 'running', num_cpus: 2, num_disks: 1, num_nics: 1 });
    expect(diag.nic_details).toEqual([{ mac_address: 'fa:16:3e:00:00:01' }]);
  });

  it('resizes with ReconfigVM_Task and reverts to the old flavor', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    const bigger = { ...instance.flavor, name: 'm1.bigger', vcpus: 4, memory_mb: 2048 };
    await driver.migrateDiskAndPowerOff(instance, 'vmware-compute', bigger);
    expect((await driver.getInfo(instance)).state).toBe(PowerState.SHUTDOWN);
    await driver.finishMigration(instance, bigger, null, true);
    let hw = (await vmProps(instance.uuid, ['config.hardware'])).props.get('config.hardware');
    expect([childText(hw, 'numCPU'), childText(hw, 'memoryMB')]).toEqual(['4', '2048']);
    expect((await driver.getInfo(instance)).state).toBe(PowerState.RUNNING);
    await driver.finishRevertMigration(instance, instance.flavor, false);
    hw = (await vmProps(instance.uuid, ['config.hardware'])).props.get('config.hardware');
    expect(childText(hw, 'memoryMB')).toBe(String(instance.flavor.memory_mb));
    expect((await driver.getInfo(instance)).state).toBe(PowerState.SHUTDOWN);
  });

  it('attaches and detaches an interface by its port', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    const vif = { port_id: 'port-9', mac_address: 'fa:16:3e:00:00:09', network_id: 'net', fixed_ips: [] };
    await driver.attachInterface(instance, vif);
    expect((await driver.getDiagnostics(instance)).nic_details).toEqual([{ mac_address: vif.mac_address }]);
    await driver.detachInterface(instance, 'port-9');
    expect((await driver.getDiagnostics(instance)).num_nics).toBe(0);
  });

  it('says InstanceNotFound naming vCenter when a VM vanished behind its back', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    const { ref } = await vmProps(instance.uuid, ['name']);
    await vim.runTask('PowerOffVM_Task', ref);
    await vim.runTask('Destroy_Task', ref);
    await expect(driver.reboot(instance, 'HARD')).rejects.toMatchObject({
      code: 'compute.instance.not_found',
      message: expect.stringContaining('vCenter has no VM with instanceUuid'),
    });
    expect(await driver.listInstanceUuids()).not.toContain(instance.uuid);
  });

  it("rejects with vSphere's fault when a task fails", async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    await driver.powerOff(instance);
    // A template cannot be powered on: PowerOnVM_Task fails with InvalidState.
    const { ref } = await vmProps(instance.uuid, ['name']);
    await vim.invoke('MarkAsTemplate', ref);
    const failed = {
      code: 'compute.driver.hypervisor_error',
      hypervisorError: 'InvalidState',
      message: expect.stringMatching(/^vSphere PowerOnVM_Task failed: InvalidState: /),
    };
    await expect(driver.powerOn(instance)).rejects.toMatchObject(failed);
    await expect(driver.reboot(instance, 'HARD')).rejects.toMatchObject(failed);
    await driver.destroy(instance);
  });

  it('finds its guests again after a restart (init_host), with their power states', async () => {
    const [a, b] = [makeTestInstance(), makeTestInstance()];
    await driver.spawn(a, null, {});
    await driver.spawn(b, null, {});
    await driver.suspend(b);
    const restarted = new VMwareVCDriver(options());
    drivers.push(restarted);
    await restarted.init('vmware-compute');
    expect(await restarted.listInstanceUuids()).toEqual(expect.arrayContaining([a.uuid, b.uuid]));
    expect((await restarted.getInfo(a)).state).toBe(PowerState.RUNNING);
    expect((await restarted.getInfo(b)).state).toBe(PowerState.SUSPENDED);
    await expect(restarted.suspend(b)).rejects.toMatchObject({ code: 'compute.instance.invalid_state' });
  });

  it('re-logs in when vCenter drops the session', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    const sessions = await vim.propertiesOf(moref('SessionManager', 'SessionManager'), ['sessionList']);
    for (const s of children(sessions.get('sessionList'), 'UserSession')) {
      if (childText(s, 'key') && childText(s, 'userName') === sim.username) {
        await vim
          .invoke('TerminateSession', moref('SessionManager', 'SessionManager'), {
            sessionId: [childText(s, 'key')!],
          })
          .catch(() => {});
      }
    }
    expect((await driver.getInfo(instance)).state).toBe(PowerState.RUNNING);
  });
});

describe('VMwareVCDriver start-up', () => {
  it('refuses to start without the options Nova requires', () => {
    expect(
      () => new VMwareVCDriver({ host_ip: null, host_username: 'u', host_password: null, cluster_name: 'c' }),
    ).toThrow(/\[vmware\] host_ip, \[vmware\] host_password/);
  });

  it('rejects a wrong password and an unknown cluster with one clear line', async () => {
    const wrong = new VMwareVCDriver(options({ host_password: 'nope' }));
    drivers.push(wrong);
    await expect(wrong.init('h')).rejects.toMatchObject({ message: expect.stringMatching(/InvalidLogin/) });
    const lost = new VMwareVCDriver(options({ cluster_name: 'nowhere' }));
    drivers.push(lost);
    await expect(lost.init('h')).rejects.toThrow(
      /cluster_name nowhere names no cluster in vCenter \(clusters: DC0_C0\)/,
    );
  });

  it('retries an unreachable vCenter with backoff, then says so in one line', async () => {
    const started = Date.now();
    const gone = new VMwareVCDriver(options({ host_port: 1, api_retry_count: 3, retry_interval: 0.05 }));
    drivers.push(gone);
    await expect(gone.init('h')).rejects.toMatchObject({
      code: 'compute.driver.hypervisor_unavailable',
      message: expect.stringMatching(
        /^Connection to the hypervisor is broken on host h: cannot reach vCenter at https:\/\/127\.0\.0\.1:1\/sdk: ECONNREFUSED$/,
      ),
    });
    // Two pauses: 50 ms, then 100 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('createVirtDriver(vmwareapi.VMwareVCDriver)', () => {
  it('builds the VMware driver from [vmware] options, and refuses it without them', () => {
    const vmware = { host_ip: 'vc', host_username: 'u', host_password: 'p', cluster_name: 'c' };
    expect(createVirtDriver('vmwareapi.VMwareVCDriver', {}, { vmware })).toBeInstanceOf(VMwareVCDriver);
    expect(() => createVirtDriver('vmwareapi.VMwareVCDriver')).toThrow(/Must specify \[vmware\] host_ip/);
  });
});
