/**
 * The XenAPI driver against Novats' XenAPI simulator (no XenServer is
 * available): the XML-RPC codec on hand-written documents, the shared
 * contract, then what is XenAPI's own: records as XenServer keeps them,
 * resources and CPU traits, resize, rescue, snapshot as a VHD, console
 * output through dom0's plugin, interfaces, XenAPI errors (a vanished VM,
 * a failed start, a bad password, an unreachable pool master), an expired
 * session, and a second driver finding the guests through event.from.
 */
import { PowerState } from '@novats/core';
import {
  createVirtDriver,
  decodeCall,
  decodeResponse,
  encodeCall,
  encodeResponse,
  XenAPIDriver,
  XmlRpcFault,
} from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningXenApiSim, startXenApiSim } from '../support/xenapi-sim/xenapi-sim.js';
import { describeVirtDriverContract, makeTestInstance } from './virt-driver.contract.js';

const sims: RunningXenApiSim[] = [];
const drivers: XenAPIDriver[] = [];

afterAll(async () => {
  for (const d of drivers) await d.close().catch(() => {});
  for (const s of sims) await s.stop();
});

async function fresh(): Promise<{ driver: XenAPIDriver; xen: RunningXenApiSim }> {
  const xen = await startXenApiSim();
  sims.push(xen);
  const driver = new XenAPIDriver({
    connection_url: xen.url,
    connection_username: 'root',
    connection_password: 'xenroot',
  });
  drivers.push(driver);
  return { driver, xen };
}

describe('XML-RPC codec', () => {
  it('decodes a XenAPI answer with every value type, entities and whitespace kept', () => {
    const xml = `<?xml version="1.0"?>
<methodResponse><params><param><value><struct>
  <member><name>Status</name><value>Success</value></member>
  <member><name>Value</name><value><array><data>
    <value><string> a &amp; b &lt;c&gt; </string></value>
    <value><int>-42</int></value><value><i4>7</i4></value><value><double>0.5</double></value>
    <value><boolean>1</boolean></value><value><boolean>0</boolean></value>
    <value><dateTime.iso8601>20260101T10:20:30Z</dateTime.iso8601></value>
    <value><base64>aGk=</base64></value>
    <value>bare text</value><value></value>
    <value><struct></struct></value>
  </data></array></value></member>
</struct></value></param></params></methodResponse>`;
    expect(decodeResponse(xml)).toEqual({
      Status: 'Success',
      Value: [
        ' a & b <c> ',
        -42,
        7,
        0.5,
        true,
        false,
        new Date(Date.UTC(2026, 0, 1, 10, 20, 30)),
        new Uint8Array([104, 105]),
        'bare text',
        '',
        {},
      ],
    });
  });

  it('round-trips calls and answers, and surfaces a <fault>', () => {
    const params = [
      'OpaqueRef:1',
      { name_label: 'x<y', other_config: { k: 'v' }, VCPUs_max: '2' },
      [true, 1.5],
    ];
    expect(decodeCall(encodeCall('VM.create', params))).toEqual({ method: 'VM.create', params });
    expect(decodeResponse(encodeResponse({ Status: 'Success', Value: ['a', 'b'] }))).toEqual({
      Status: 'Success',
      Value: ['a', 'b'],
    });
    const fault =
      '<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member>' +
      '<member><name>faultString</name><value>Too many parameters.</value></member></struct></value></fault></methodResponse>';
    expect(() => decodeResponse(fault)).toThrow(XmlRpcFault);
    expect(() => decodeResponse('<methodResponse><params>')).toThrow(/parse error/);
  });
});

const simOf = new WeakMap<object, RunningXenApiSim>();

describeVirtDriverContract(
  'xenapi.XenAPIDriver (XenAPI simulator)',
  async () => {
    const { driver, xen } = await fresh();
    simOf.set(driver, xen);
    return driver;
  },
  {
    reopen: (driver) => {
      const restarted = new XenAPIDriver({
        connection_url: simOf.get(driver)!.url,
        connection_password: 'xenroot',
      });
      drivers.push(restarted);
      return restarted;
    },
  },
);

describe('XenAPIDriver on the simulator', () => {
  let driver: XenAPIDriver;
  let xen: RunningXenApiSim;
  beforeAll(async () => {
    ({ driver, xen } = await fresh());
    await driver.init('xen-compute');
  });
  const vmOf = (uuid: string) => xen.sim.guests().find((vm) => vm.name_label === uuid);

  it('reports the host: memory, CPUs, the SR size and CPU traits from its flags', async () => {
    expect(await driver.getAvailableNodes()).toEqual(['xenserver-sim']);
    const r = await driver.getNodeResources('xenserver-sim');
    expect(r).toMatchObject({
      hypervisor_type: 'XenServer',
      hypervisor_version: 8002001,
      vcpus: 16,
      memory_mb: 65536,
      local_gb: 2048,
      host_ip: '127.0.0.1',
    });
    expect(r.cpu_traits).toEqual(
      expect.arrayContaining(['HW_CPU_X86_AVX2', 'HW_CPU_X86_SSE42', 'HW_CPU_X86_AESNI']),
    );
    expect(r.cpu_traits).not.toContain('HW_CPU_X86_AVX512F');
  });

  it('creates an HVM guest from the flavor with its disk and VIFs, as Nova does', async () => {
    const instance = makeTestInstance({
      flavor: { ...makeTestInstance().flavor, vcpus: 2, memory_mb: 1024, root_gb: 5 },
    });
    await driver.spawn(instance, null, {
      networkInfo: [{ port_id: 'port-1', mac_address: 'fa:16:3e:00:00:01', network_id: 'n', fixed_ips: [] }],
    });
    const vm = vmOf(instance.uuid)!;
    expect(vm).toMatchObject({
      power_state: 'Running',
      VCPUs_max: '2',
      memory_static_max: String(1024 * 1024 * 1024),
      HVM_boot_policy: 'BIOS order',
      other_config: { nova_uuid: instance.uuid },
    });
    const [vbd] = (vm.VBDs as string[]).map((r) => xen.sim.store.get('VBD', r));
    expect(vbd).toMatchObject({ userdevice: '0', bootable: true, currently_attached: true });
    expect(xen.sim.store.get('VDI', vbd.VDI as string).virtual_size).toBe(String(5 * 1024 ** 3));
    const [vif] = (vm.VIFs as string[]).map((r) => xen.sim.store.get('VIF', r));
    expect(vif).toMatchObject({ MAC: 'fa:16:3e:00:00:01', other_config: { 'nicira-iface-id': 'port-1' } });
    expect(await driver.getConsoleOutput(instance)).toMatch(/Booting\n.*\n.* login:\n$/);
  });

  it('destroys the guest with its disks and nothing else', async () => {
    const instance = makeTestInstance();
    const before = xen.sim.store.all('VDI').length;
    await driver.spawn(instance, null, {});
    expect(xen.sim.store.all('VDI').length).toBe(before + 1);
    await driver.destroy(instance);
    expect(xen.sim.store.all('VDI').length).toBe(before);
    expect(vmOf(instance.uuid)).toBeUndefined();
  });

  it('resizes vCPUs, memory and the root disk, and reverts', async () => {
    const instance = makeTestInstance({ flavor: { ...makeTestInstance().flavor, vcpus: 2, root_gb: 1 } });
    await driver.spawn(instance, null, {});
    const bigger = { ...instance.flavor, vcpus: 4, memory_mb: 2048, root_gb: 10 };
    await driver.migrateDiskAndPowerOff(instance, 'xen-compute', bigger);
    expect((await driver.getInfo(instance)).state).toBe(PowerState.SHUTDOWN);
    await driver.finishMigration(instance, bigger, null, true);
    expect(vmOf(instance.uuid)).toMatchObject({
      VCPUs_max: '4',
      VCPUs_at_startup: '4',
      power_state: 'Running',
    });
    const vbd = xen.sim.store.get('VBD', (vmOf(instance.uuid)!.VBDs as string[])[0]);
    expect(xen.sim.store.get('VDI', vbd.VDI as string).virtual_size).toBe(String(10 * 1024 ** 3));
    await driver.finishRevertMigration(instance, instance.flavor, false);
    expect(vmOf(instance.uuid)).toMatchObject({ VCPUs_max: '2', power_state: 'Halted' });
  });

  it('rescues into a rescue VM that has the root disk second, and unrescues', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    const rootVdi = xen.sim.store.get('VBD', (vmOf(instance.uuid)!.VBDs as string[])[0]).VDI;
    await driver.rescue(instance, null, 'pw');
    const rescue = xen.sim.guests().find((vm) => vm.name_label === `${instance.uuid}-rescue`)!;
    expect(rescue.power_state).toBe('Running');
    const disks = (rescue.VBDs as string[]).map((r) => xen.sim.store.get('VBD', r));
    expect(disks.find((d) => d.userdevice === '1')?.VDI).toBe(rootVdi);
    expect(vmOf(instance.uuid)!.power_state).toBe('Halted');
    expect((await driver.getInfo(instance)).state).toBe(PowerState.RUNNING);
    await expect(driver.rescue(instance, null, null)).rejects.toMatchObject({ status: 409 });
    await driver.unrescue(instance);
    expect(xen.sim.guests().find((vm) => vm.name_label === `${instance.uuid}-rescue`)).toBeUndefined();
    expect(xen.sim.store.has('VDI', rootVdi as string)).toBe(true);
    expect(vmOf(instance.uuid)!.power_state).toBe('Running');
  });

  it('snapshots into a VHD and removes the snapshot VM afterwards', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    const vdis = xen.sim.store.all('VDI').length;
    const snap = await driver.snapshot(instance, 'img-1');
    const chunks: Uint8Array[] = [];
    for await (const c of snap.chunks) chunks.push(c);
    const vhd = Buffer.concat(chunks);
    expect(snap.disk_format).toBe('vhd');
    // A dynamic VHD: footer copy first, sparse header, footer last.
    expect(vhd.subarray(0, 8).toString()).toBe('conectix');
    expect(vhd.subarray(512, 520).toString()).toBe('cxsparse');
    expect(vhd.subarray(vhd.length - 512, vhd.length - 504).toString()).toBe('conectix');
    expect(xen.sim.store.all('VM').filter(([, vm]) => vm.is_a_snapshot === true)).toEqual([]);
    expect(xen.sim.store.all('VDI').length).toBe(vdis);
  });

  it("points the console proxy at XAPI's own VNC console of the guest, as Nova does", async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    const vnc = await driver.getVncConsole(instance);
    const sim = new URL(xen.url);
    expect(vnc).toMatchObject({ host: sim.hostname, port: Number(sim.port) });
    const path = new URL(vnc.internal_access_path ?? '', xen.url);
    expect(path.pathname).toBe('/console');
    const [ref] = xen.sim.store.all('VM').find(([, vm]) => vm.name_label === instance.uuid) ?? [];
    expect(path.searchParams.get('ref')).toBe(ref);
    expect(xen.sim.isSession(path.searchParams.get('session_id') ?? '')).toBe(true);
    await driver.powerOff(instance);
    await expect(driver.getVncConsole(instance)).rejects.toMatchObject({
      code: 'compute.instance.invalid_state',
    });
  });

  it('attaches an interface hot to a running guest and detaches it by port', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    const vif = { port_id: 'port-7', mac_address: 'fa:16:3e:00:00:07', network_id: 'n', fixed_ips: [] };
    await driver.attachInterface(instance, vif);
    const [ref] = vmOf(instance.uuid)!.VIFs as string[];
    expect(xen.sim.store.get('VIF', ref)).toMatchObject({
      currently_attached: true,
      device: '0',
      MAC: vif.mac_address,
    });
    expect((await driver.getDiagnostics(instance)).nic_details).toEqual([{ mac_address: vif.mac_address }]);
    await driver.detachInterface(instance, 'port-7');
    expect(vmOf(instance.uuid)!.VIFs).toEqual([]);
  });

  it("names XenServer's error when a call fails and keeps nothing of a failed spawn", async () => {
    const instance = makeTestInstance();
    xen.sim.failNext('VM.start', 'HOST_NOT_ENOUGH_FREE_MEMORY', ['536870912', '0']);
    const vdis = xen.sim.store.all('VDI').length;
    await expect(driver.spawn(instance, null, {})).rejects.toMatchObject({
      code: 'compute.driver.hypervisor_error',
      hypervisorError: 'HOST_NOT_ENOUGH_FREE_MEMORY',
      message: 'XenAPI VM.start failed: HOST_NOT_ENOUGH_FREE_MEMORY 536870912 0',
    });
    expect(vmOf(instance.uuid)).toBeUndefined();
    expect(xen.sim.store.all('VDI').length).toBe(vdis);
  });

  it('turns VM_BAD_POWER_STATE into InstanceInvalidState and a vanished VM into InstanceNotFound', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    await expect(driver.unpause(instance)).rejects.toMatchObject({
      code: 'compute.instance.invalid_state',
      message: expect.stringContaining('running'),
    });
    xen.sim.vanish(instance.uuid);
    await expect(driver.getInfo(instance)).rejects.toMatchObject({
      code: 'compute.instance.not_found',
      message: expect.stringContaining('XenServer has no VM with other_config:nova_uuid'),
    });
    await expect(driver.reboot(instance, 'HARD')).rejects.toMatchObject({
      code: 'compute.instance.not_found',
      message: expect.stringContaining('VM.get_by_name_label found no VM'),
    });
  });

  it('logs in again when XAPI forgot the session', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    xen.sim.dropSessions();
    expect((await driver.getInfo(instance)).state).toBe(PowerState.RUNNING);
    expect(xen.sim.calls.filter((c) => c === 'session.login_with_password').length).toBeGreaterThanOrEqual(2);
  });

  it('finds its guests again after a restart, through event.from', async () => {
    const [a, b] = [makeTestInstance(), makeTestInstance()];
    await driver.spawn(a, null, {});
    await driver.spawn(b, null, {});
    await driver.pause(b);
    const restarted = new XenAPIDriver({ connection_url: xen.url, connection_password: 'xenroot' });
    drivers.push(restarted);
    await restarted.init('xen-compute');
    expect(await restarted.listInstanceUuids()).toEqual(expect.arrayContaining([a.uuid, b.uuid]));
    expect((await restarted.getInfo(b)).state).toBe(PowerState.PAUSED);
    // Changes made elsewhere arrive as events.
    await driver.unpause(b);
    expect((await restarted.getInfo(b)).state).toBe(PowerState.RUNNING);
    expect(xen.sim.calls).toContain('event.from');
  });
});

describe('XenAPIDriver start-up', () => {
  it('refuses to start without the options Nova requires', () => {
    expect(() => new XenAPIDriver({ connection_url: null, connection_password: null })).toThrow(
      /Must specify \[xenserver\] connection_url and connection_password/,
    );
  });

  it('says SESSION_AUTHENTICATION_FAILED for a wrong password', async () => {
    const { xen } = await fresh();
    const driver = new XenAPIDriver({ connection_url: xen.url, connection_password: 'wrong' });
    await expect(driver.init('h')).rejects.toMatchObject({
      hypervisorError: 'SESSION_AUTHENTICATION_FAILED',
      message:
        'XenAPI session.login_with_password failed: SESSION_AUTHENTICATION_FAILED root Authentication failure',
    });
  });

  it('says in one line that the pool master is unreachable', async () => {
    const driver = new XenAPIDriver({ connection_url: 'http://127.0.0.1:1', connection_password: 'x' });
    await expect(driver.init('h')).rejects.toMatchObject({
      code: 'compute.driver.hypervisor_unavailable',
      message:
        'Connection to the hypervisor is broken on host h: cannot reach XenAPI at http://127.0.0.1:1: ECONNREFUSED',
    });
  });
});

describe('createVirtDriver(xenapi.XenAPIDriver)', () => {
  it('builds the XenAPI driver from [xenserver] options, and refuses it without them', () => {
    expect(
      createVirtDriver(
        'nova.virt.xenapi.XenAPIDriver',
        {},
        {
          xenserver: { connection_url: 'http://x', connection_password: 'p' },
        },
      ),
    ).toBeInstanceOf(XenAPIDriver);
    expect(() => createVirtDriver('xenapi.XenAPIDriver')).toThrow(
      /Must specify \[xenserver\] connection_url/,
    );
  });
});
