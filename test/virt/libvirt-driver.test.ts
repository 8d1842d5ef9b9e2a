/**
 * The libvirt driver against libvirtd's built-in test hypervisor
 * (`test:///default`, reached through the real daemon and protocol; its
 * state lives as long as one connection, so each driver starts clean).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ImageMeta } from '@novats/core';
import { createVirtDriver, LibvirtClient, LibvirtDriver, readImageInfo, writeQcow2 } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLibvirtd } from '../support/libvirtd.js';
import { describeVirtDriverContract, makeTestInstance } from './virt-driver.contract.js';

const root = mkdtempSync(join(tmpdir(), 'novats-libvirt-'));
let drivers = 0;

beforeAll(async () => {
  await ensureLibvirtd();
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function testDriver(extra: Partial<ConstructorParameters<typeof LibvirtDriver>[0]> = {}): LibvirtDriver {
  drivers += 1;
  return new LibvirtDriver({
    virtType: 'qemu',
    connectionUri: 'test:///default',
    instancesPath: join(root, `instances-${drivers}`),
    shutdownTimeout: 1,
    ...extra,
  });
}

let previous: LibvirtDriver | null = null;
// NOTE(fresh): test:///default keeps its guests while any connection is open, so the last driver closes first.
describeVirtDriverContract(
  'libvirt.LibvirtDriver (test:///default)',
  async () => {
    await previous?.close();
    previous = testDriver();
    return previous;
  },
  {
    backendLimits: {
      deviceAttach: 'test:///default cannot hot-plug devices (virDomainAttachDeviceFlags)',
      consoleAddress: 'test:///default domains have no graphics',
    },
  },
);

const KERNEL = { id: 'aaaaaaaa-0000-4000-8000-00000000000a', disk_format: 'aki' };
const RAMDISK = { id: 'aaaaaaaa-0000-4000-8000-00000000000b', disk_format: 'ari' };
const DISK = { id: 'aaaaaaaa-0000-4000-8000-00000000000c', disk_format: 'qcow2' };

function image(
  base: { id: string; disk_format: string },
  properties: Record<string, string> = {},
): ImageMeta {
  return {
    ...base,
    name: base.id,
    status: 'active',
    visibility: 'public',
    owner: null,
    container_format: 'bare',
    size: 0,
    min_ram: 0,
    min_disk: 0,
    properties,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
  };
}

/** Image data served from files, counting downloads (the image cache must fetch each once). */
function imageFiles() {
  const dir = mkdtempSync(join(root, 'images-'));
  const files: Record<string, string> = {
    [KERNEL.id]: join(dir, 'vmlinuz'),
    [RAMDISK.id]: join(dir, 'initrd'),
    [DISK.id]: join(dir, 'disk.qcow2'),
  };
  writeFileSync(files[KERNEL.id], 'kernel bytes');
  writeFileSync(files[RAMDISK.id], 'initrd bytes');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', files[DISK.id], '64M']);
  const downloads: string[] = [];
  const fetchImage = async (id: string) => {
    downloads.push(id);
    if (!files[id]) throw new Error(`no image ${id}`);
    return createReadStream(files[id]);
  };
  return { fetchImage, downloads };
}

describe('LibvirtDriver on test:///default', () => {
  let driver: LibvirtDriver;
  let libvirt: LibvirtClient;
  let downloads: string[];

  beforeAll(async () => {
    await previous?.close();
    previous = null;
    const images = imageFiles();
    downloads = images.downloads;
    driver = testDriver({ fetchImage: images.fetchImage, vncListen: '127.0.0.1', spiceListen: '127.0.0.2' });
    await driver.init('libvirt-host');
    // NOTE(shared): a second connection to test:///default sees the driver's domains, as virsh would.
    libvirt = await LibvirtClient.connect('test:///default');
  });
  afterAll(async () => {
    await libvirt?.close();
    await driver?.close();
  });

  it('defines the domain from flavor, image and instance: kernel boot, qcow2 overlay, console log, graphics, nova metadata', async () => {
    const instance = makeTestInstance({ display_name: 'web <1>', project_id: 'proj-9', user_id: 'user-7' });
    const machine = image(DISK, {
      kernel_id: KERNEL.id,
      ramdisk_id: RAMDISK.id,
      os_command_line: 'root=/dev/vda rw quiet',
    });
    await driver.spawn(instance, machine, {});
    const xml = await libvirt.getXmlDesc(await libvirt.lookupByUuid(instance.uuid));
    const dir = join(root, `instances-${drivers}`, instance.uuid);
    expect(xml).toContain(`<uuid>${instance.uuid}</uuid>`);
    expect(xml).toContain(`<name>instance-${instance.uuid}</name>`);
    expect(xml).toMatch(/<memory unit=["']KiB["']>524288<\/memory>/);
    expect(xml).toMatch(/<vcpu[^>]*>1<\/vcpu>/);
    expect(xml).toContain(`<kernel>${dir}/kernel</kernel>`);
    expect(xml).toContain(`<initrd>${dir}/ramdisk</initrd>`);
    expect(xml).toContain(
      '<cmdline>root=/dev/vda rw quiet console=tty0 console=ttyS0 console=hvc0</cmdline>',
    );
    expect(xml).toMatch(new RegExp(`<source file=["']${dir}/disk["']`));
    expect(xml).toMatch(new RegExp(`<serial type=["']file["']>\\s*<source path=["']${dir}/console.log["']`));
    expect(xml).toMatch(/<graphics type=["']vnc["'][^>]*listen=["']127\.0\.0\.1["']/);
    expect(xml).toMatch(/<graphics type=["']spice["'][^>]*listen=["']127\.0\.0\.2["']/);
    expect(xml).toContain('<nova:name>web &lt;1&gt;</nova:name>');
    expect(xml).toMatch(/<nova:flavor name=["']m1.tiny["']>/);
    expect(xml).toContain('<nova:user uuid="user-7">user-7</nova:user>');
    expect(xml).toContain('<nova:project uuid="proj-9">proj-9</nova:project>');
    expect(xml).toContain(`<nova:root type="image" uuid="${DISK.id}"/>`);
    // The root disk is a qcow2 overlay on the cached image, grown to the flavor's root_gb.
    const info = JSON.parse(
      execFileSync('qemu-img', ['info', '--output=json', join(dir, 'disk')], { encoding: 'utf8' }),
    );
    expect(info.format).toBe('qcow2');
    expect(info['backing-filename']).toMatch(/_base\/[0-9a-f]{40}$/);
    expect(info['virtual-size']).toBe(instance.flavor.root_gb * 1024 ** 3);
    expect(info['backing-filename-format']).toBe('qcow2');
    // Written in process, not by qemu-img: QEMU's own checker must find it consistent.
    expect(() => execFileSync('qemu-img', ['check', '-q', join(dir, 'disk')])).not.toThrow();
  });

  it('writes qcow2 images QEMU accepts: blank, and overlays of raw and qcow2 bases that read through', async () => {
    const scratch = mkdtempSync(join(root, 'qcow2-'));
    const raw = join(scratch, 'base.raw');
    writeFileSync(raw, Buffer.concat([Buffer.from('RAW-BASE-MARK'), Buffer.alloc(3 * 1024 * 1024)]));
    await writeQcow2(join(scratch, 'blank.qcow2'), { size: 5 * 1024 ** 4 });
    await writeQcow2(join(scratch, 'over.qcow2'), {
      size: 64 * 1024 ** 2,
      backingFile: raw,
      backingFormat: 'raw',
    });
    for (const name of ['blank.qcow2', 'over.qcow2']) {
      expect(() => execFileSync('qemu-img', ['check', '-q', join(scratch, name)])).not.toThrow();
    }
    const info = (f: string) =>
      JSON.parse(execFileSync('qemu-img', ['info', '--output=json', join(scratch, f)], { encoding: 'utf8' }));
    expect(info('blank.qcow2')).toMatchObject({ format: 'qcow2', 'virtual-size': 5 * 1024 ** 4 });
    expect(info('over.qcow2')).toMatchObject({ 'backing-filename': raw, 'backing-filename-format': 'raw' });
    expect(await readImageInfo(join(scratch, 'over.qcow2'))).toEqual({
      format: 'qcow2',
      size: 64 * 1024 ** 2,
    });
    expect(await readImageInfo(raw)).toEqual({ format: 'raw', size: 13 + 3 * 1024 * 1024 });
    // Reading through the overlay yields the base's bytes.
    execFileSync('qemu-img', [
      'convert',
      '-O',
      'raw',
      join(scratch, 'over.qcow2'),
      join(scratch, 'flat.raw'),
    ]);
    expect(readFileSync(join(scratch, 'flat.raw')).subarray(0, 13).toString()).toBe('RAW-BASE-MARK');
  });

  it('downloads each image once into the cache, also for concurrent boots', async () => {
    const before = downloads.length;
    const machine = image(DISK, { kernel_id: KERNEL.id, ramdisk_id: RAMDISK.id });
    const [a, b] = [makeTestInstance(), makeTestInstance()];
    await Promise.all([driver.spawn(a, machine, {}), driver.spawn(b, machine, {})]);
    expect(downloads.length).toBe(before);
    expect(new Set(downloads).size).toBe(downloads.length);
  });

  it('removes the domain and its files on destroy', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, image(DISK), {});
    const dir = join(root, `instances-${drivers}`, instance.uuid);
    expect(existsSync(join(dir, 'disk'))).toBe(true);
    await driver.destroy(instance);
    expect(existsSync(dir)).toBe(false);
    await expect(libvirt.lookupByUuid(instance.uuid)).rejects.toMatchObject({ virCode: 42 });
  });

  it('answers InstanceNotFound when the domain vanished under us', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, image(DISK), {});
    const dom = await libvirt.lookupByUuid(instance.uuid);
    await libvirt.destroy(dom);
    await libvirt.undefine(dom, 0);
    const notFound = { code: 'compute.instance.not_found', status: 404 };
    await expect(driver.getInfo(instance)).rejects.toMatchObject(notFound);
    await expect(driver.powerOn(instance)).rejects.toMatchObject(notFound);
    await expect(driver.getConsoleOutput(instance)).rejects.toMatchObject(notFound);
    await driver.destroy(instance);
  });

  it("passes libvirt's own error message through, with its virError code", async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    await driver.pause(instance);
    await expect(driver.pause(instance)).rejects.toMatchObject({ code: 'compute.instance.invalid_state' });
    const dom = await libvirt.lookupByUuid(instance.uuid);
    const err = await libvirt.suspend(dom).catch((e) => e);
    expect(err).toMatchObject({ code: 'virt.libvirt.error', status: 500 });
    expect(err.virCode).toBeGreaterThan(0);
    expect(err.message).toMatch(new RegExp(`domain '${dom.name}' .*paused|not running`, 'i'));
  });

  it('reads the console log, at most its last 100 KiB', async () => {
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    expect(await driver.getConsoleOutput(instance)).toBe('');
    const log = join(root, `instances-${drivers}`, instance.uuid, 'console.log');
    writeFileSync(log, `${'x'.repeat(200 * 1024)}\nHELLO FROM THE GUEST\n`);
    const out = await driver.getConsoleOutput(instance);
    expect(out.length).toBe(100 * 1024);
    expect(out.endsWith('HELLO FROM THE GUEST\n')).toBe(true);
  });

  it('refuses resize and migrations through its capability flags', async () => {
    expect(driver.capabilities.supports_resize).toBe(false);
    expect(driver.capabilities.supports_live_migration).toBe(false);
    const instance = makeTestInstance();
    const unsupported = { code: 'compute.driver.action_unsupported', status: 409 };
    await expect(driver.migrateDiskAndPowerOff(instance, 'other', instance.flavor)).rejects.toMatchObject(
      unsupported,
    );
    await expect(driver.liveMigration(instance, 'other')).rejects.toMatchObject(unsupported);
  });

  it('plugs the network info as NICs and reports them in diagnostics', async () => {
    const instance = makeTestInstance();
    const vif = { port_id: 'port-1', mac_address: 'fa:16:3e:00:00:01', network_id: 'net', fixed_ips: [] };
    await driver.spawn(instance, null, { networkInfo: [vif] });
    // NOTE(test-driver): libvirt's test driver has no hotplug, and the driver's capabilities say so.
    expect(driver.capabilities.supports_attach_interface).toBe(false);
    const other = { ...vif, port_id: 'port-2', mac_address: 'fa:16:3e:00:00:02' };
    await expect(driver.attachInterface(instance, other)).rejects.toMatchObject({
      code: 'compute.driver.action_unsupported',
      status: 409,
    });
    const diag = await driver.getDiagnostics(instance);
    expect(diag).toMatchObject({
      driver: 'libvirt',
      num_cpus: 1,
      num_nics: 1,
      num_disks: 1,
      state: 'running',
    });
    expect(diag.nic_details).toEqual([{ mac_address: 'fa:16:3e:00:00:01' }]);
  });

  it('fails spawn cleanly when the image cannot be fetched, leaving no domain or files', async () => {
    const instance = makeTestInstance();
    const missing = image({ id: 'bbbbbbbb-0000-4000-8000-000000000000', disk_format: 'qcow2' });
    await expect(driver.spawn(instance, missing, {})).rejects.toThrow(/Could not fetch image/);
    expect(await driver.listInstanceUuids()).not.toContain(instance.uuid);
    expect(existsSync(join(root, `instances-${drivers}`, instance.uuid))).toBe(false);
  });
});

describe('LibvirtDriver start-up', () => {
  it('gives up on an unreachable libvirtd after retrying with backoff, in one clear line', async () => {
    const driver = testDriver({
      connectionUri: 'qemu+unix:///system?socket=/nonexistent/libvirt-sock',
      connectAttempts: 3,
      connectBackoffMs: 20,
    });
    const started = Date.now();
    const err = await driver.init('h').catch((e) => e);
    expect(err).toMatchObject({ code: 'virt.libvirt.unavailable', status: 503 });
    expect(err.message).toMatch(
      /cannot open qemu\+unix:\/\/\/system\?socket=\/nonexistent\/libvirt-sock after 3 attempts/,
    );
    expect(err.message).not.toContain('\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('makes novats up exit 1 with one clear line when libvirtd cannot be reached', () => {
    const conf = join(root, 'unreachable.conf');
    writeFileSync(
      conf,
      [
        '[DEFAULT]',
        'compute_driver = libvirt.LibvirtDriver',
        `instances_path = ${join(root, 'unreachable')}`,
        '[libvirt]',
        'virt_type = qemu',
        'connection_uri = qemu+unix:///system?socket=/nonexistent/libvirt-sock',
      ].join('\n'),
    );
    const cli = join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'novats.cjs');
    const res = spawnSync(
      'timeout',
      [
        '60',
        process.execPath,
        cli,
        'up',
        '--config-file',
        conf,
        '--state-dir',
        join(root, 'unreachable-state'),
        '--compute-port',
        '0',
        '--placement-port',
        '0',
        '--image-port',
        '0',
      ],
      { encoding: 'utf8' },
    );
    expect(res.status).toBe(1);
    const last = res.stderr.trim().split('\n').at(-1);
    expect(last).toMatch(
      /^novats: Connection to the hypervisor is broken on host compute1: cannot open qemu\+unix:\/\/\/system\?socket=\/nonexistent\/libvirt-sock after 3 attempts: .*ENOENT/,
    );
    expect(res.stderr).toContain('libvirt connection failed; retrying');
  }, 60_000);

  it('reports the real host: VCPU, MEMORY_MB, DISK_GB and the CPU traits (qemu:///system)', async () => {
    const driver = testDriver({ connectionUri: 'qemu:///system' });
    await driver.init('h');
    const [node] = await driver.getAvailableNodes();
    const r = await driver.getNodeResources(node);
    expect(r.hypervisor_type).toBe('QEMU');
    expect(r.vcpus).toBe(cpus().length);
    const libvirt = await LibvirtClient.connect('qemu:///system');
    expect(r.memory_mb).toBe(Number((await libvirt.nodeGetInfo()).memory / 1024n));
    await libvirt.close();
    expect(r.memory_mb).toBeLessThanOrEqual(totalmem() / 1024 ** 2);
    expect(r.local_gb).toBeGreaterThan(0);
    const flags =
      readFileSync('/proc/cpuinfo', 'utf8')
        .match(/^flags\s*:(.*)$/m)?.[1]
        .trim()
        .split(/\s+/) ?? [];
    if (flags.includes('sse2')) expect(r.cpu_traits).toContain('HW_CPU_X86_SSE2');
    if (flags.includes('avx2')) expect(r.cpu_traits).toContain('HW_CPU_X86_AVX2');
    expect(r.cpu_traits.every((t) => t.startsWith('HW_CPU_X86_'))).toBe(true);
    expect(JSON.parse(r.cpu_info)).toMatchObject({ arch: 'x86_64' });
    await driver.close();
  });

  it('is what compute_driver = libvirt.LibvirtDriver builds', () => {
    const driver = createVirtDriver(
      'nova.virt.libvirt.LibvirtDriver',
      {},
      {
        libvirt: { virtType: 'qemu', instancesPath: join(root, 'factory') },
      },
    );
    expect(driver).toBeInstanceOf(LibvirtDriver);
    expect(driver.capabilities.has_imagecache).toBe(true);
  });
});
