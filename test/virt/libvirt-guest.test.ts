/**
 * A real guest under QEMU (TCG) through the whole stack: `novats up
 * --config-file F` with `compute_driver = libvirt.LibvirtDriver` boots the
 * tiny Debian-kernel guest from its aki/ari/ami images (API → scheduler →
 * compute → libvirtd), and every action leaves libvirt's view (read here over
 * libvirt's own protocol) and Nova's (the Compute API) in agreement. The
 * real `openstack console log show` (python3-openstackclient, with the openrc
 * `novats up` writes) prints the guest's line, and `openstack server image
 * create --wait` snapshots the guest into the image service.
 * Heavy: runs alone, outside the parallel pool (scripts/test.mjs HEAVY).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Instance, makeInstance, PowerState } from '@novats/core';
import { DomainState, LibvirtClient, LibvirtDriver } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/cloud.js';
import { ensureLibvirtd } from '../support/libvirtd.js';
import { openstack, requireOpenstackCli } from '../support/openstack-cli.js';
import {
  type GuestImages,
  registerGuestImages,
  TINY_GUEST_DISK_MARK,
  TINY_GUEST_LINE,
  tinyGuest,
} from '../support/tiny-guest.js';

const CLI = join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'novats.cjs');
const HEADERS = { 'x-auth-token': 'admin:admin', 'content-type': 'application/json' };

describe('libvirt.LibvirtDriver with a real QEMU guest through novats up', () => {
  let dir: string;
  let images: GuestImages;
  let up: ChildProcess;
  let output = '';
  let compute: string;
  let placement: string;
  let imageApi: string;
  let libvirt: LibvirtClient;
  /** The same driver the compute host runs, to read the guest's console and VNC address directly. */
  let driver: LibvirtDriver;
  let server: { id: string };
  let bootMs = 0;

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${compute}${path}`, {
      method,
      headers: HEADERS,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** Nova's view, once no task is running on the server. */
  async function settled(id: string, timeoutMs = 60_000): Promise<any> {
    return waitFor(
      `server ${id} to settle`,
      async () => {
        const s = (await api('GET', `/servers/${id}`)).body.server;
        return s['OS-EXT-STS:task_state'] === null && s.status !== 'BUILD' ? s : undefined;
      },
      timeoutMs,
    );
  }

  /** libvirt's view: the domain's state, or null when libvirt does not know it. */
  async function domainState(uuid: string): Promise<number | null> {
    const dom = await libvirt.lookupByUuid(uuid).catch(() => null);
    return dom ? (await libvirt.getState(dom))[0] : null;
  }

  /** The OS_* variables of the openrc `novats up` wrote (the real client's credentials). */
  function openrcEnv(): Record<string, string> {
    const openrc = readFileSync(join(dir, 'state', 'openrc'), 'utf8');
    return Object.fromEntries([...openrc.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
  }

  const instanceOf = (id: string): Instance => makeInstance({ uuid: id });

  /** Runs an action through the Compute API and waits for the server to settle. */
  async function act(id: string, action: Record<string, unknown>): Promise<any> {
    const res = await api('POST', `/servers/${id}/action`, action);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return settled(id);
  }

  beforeAll(async () => {
    requireOpenstackCli();
    await ensureLibvirtd();
    const guest = tinyGuest();
    dir = mkdtempSync(join(tmpdir(), 'novats-libvirt-guest-'));
    const conf = join(dir, 'nova.conf');
    writeFileSync(
      conf,
      [
        '[DEFAULT]',
        'compute_driver = libvirt.LibvirtDriver',
        `instances_path = ${join(dir, 'instances')}`,
        // The tiny guest has no ACPI daemon: a clean shutdown times out quickly and the guest is powered off.
        'shutdown_timeout = 2',
        '[libvirt]',
        'virt_type = qemu',
        'connection_uri = qemu:///system',
        '[vnc]',
        'server_listen = 127.0.0.1',
        '',
      ].join('\n'),
    );
    up = spawn(
      'timeout',
      [
        '600',
        process.execPath,
        CLI,
        'up',
        '--config-file',
        conf,
        '--state-dir',
        join(dir, 'state'),
        '--compute-port',
        '0',
        '--placement-port',
        '0',
        '--image-port',
        '0',
        '--identity-port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    up.stdout?.on('data', (d) => {
      output += d;
    });
    up.stderr?.on('data', (d) => {
      output += d;
    });
    compute = await waitFor(
      'novats up to print its endpoints',
      async () => {
        if (up.exitCode !== null) throw new Error(`novats up exited ${up.exitCode}:\n${output}`);
        return /Compute API\s+(\S+)/.exec(output)?.[1];
      },
      60_000,
    );
    placement = /Placement API\s+(\S+)/.exec(output)?.[1] ?? '';
    // Registered in the cloud's own (embedded) image service, through the Image API.
    imageApi = /Image API\s+(\S+)/.exec(output)?.[1] ?? '';
    images = await registerGuestImages(imageApi, guest);
    libvirt = await LibvirtClient.connect('qemu:///system');
    driver = new LibvirtDriver({
      virtType: 'qemu',
      connectionUri: 'qemu:///system',
      instancesPath: join(dir, 'instances'),
      shutdownTimeout: 2,
    });
    await driver.init('test');
  }, 300_000);

  afterAll(async () => {
    await driver?.close();
    await libvirt?.close();
    if (up && up.exitCode === null) {
      const exited = new Promise((resolve) => up.once('exit', resolve));
      up.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (up.exitCode === null) up.kill('SIGKILL');
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('runs one compute host on libvirt and reports the host with its CPU traits to placement', async () => {
    expect(output).toContain('1 compute host (compute1) on libvirt.LibvirtDriver');
    const headers = { 'x-auth-token': 'admin', 'openstack-api-version': 'placement 1.39' };
    const rps = (await (await fetch(`${placement}/resource_providers`, { headers })).json()) as any;
    expect(rps.resource_providers).toHaveLength(1);
    const rp = rps.resource_providers[0].uuid;
    const inv = (await (
      await fetch(`${placement}/resource_providers/${rp}/inventories`, { headers })
    ).json()) as any;
    expect(Object.keys(inv.inventories).sort()).toEqual(['DISK_GB', 'MEMORY_MB', 'VCPU']);
    const node = await (await LibvirtClient.connect('qemu:///system')).nodeGetInfo();
    expect(inv.inventories.VCPU.total).toBe(node.cpus);
    const traits = (await (
      await fetch(`${placement}/resource_providers/${rp}/traits`, { headers })
    ).json()) as any;
    expect(traits.traits).toContain('HW_CPU_X86_SSE2');
  });

  it('boots the tiny guest by direct kernel boot; its line shows on the serial console within 60 s', async () => {
    const started = Date.now();
    const created = await api('POST', '/servers', {
      server: { name: 'tiny', imageRef: images.machineId, flavorRef: '1' },
    });
    expect(created.status).toBe(202);
    server = created.body.server;
    const active = await settled(server.id);
    bootMs = Date.now() - started;
    expect(active, JSON.stringify(active.fault)).toMatchObject({
      status: 'ACTIVE',
      'OS-EXT-STS:power_state': PowerState.RUNNING,
    });
    expect(await domainState(server.id)).toBe(DomainState.RUNNING);
    const xml = await libvirt.getXmlDesc(await libvirt.lookupByUuid(server.id));
    expect(xml).toContain(`<nova:root type="image" uuid="${images.machineId}"/>`);
    expect(xml).toMatch(/<domain type=["']qemu["']/);
    expect(xml).toMatch(
      /<cmdline>root=\/dev\/vda rdinit=\/init quiet console=tty0 console=ttyS0 console=hvc0<\/cmdline>/,
    );
    const line = await waitFor(
      'the guest to print its line',
      async () =>
        (await driver.getConsoleOutput(instanceOf(server.id))).includes(TINY_GUEST_LINE) ? true : undefined,
      60_000,
    );
    expect(line).toBe(true);
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(60);
    process.stdout.write(
      `tiny guest: ACTIVE after ${bootMs} ms, console line after ${seconds.toFixed(1)} s\n`,
    );
  }, 90_000);

  it('`openstack console log show` (the real client, with the openrc novats up wrote) prints the guest line', async () => {
    const env = openrcEnv();
    expect(env.OS_AUTH_URL).toMatch(/^http:/);
    const shown = await openstack(['console', 'log', 'show', '--lines', '200', server.id], env, {
      timeoutMs: 60_000,
    });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(TINY_GUEST_LINE);
  }, 90_000);

  it('offers the VNC console on [vnc] server_listen, speaking RFB', async () => {
    const vnc = await driver.getVncConsole(instanceOf(server.id));
    expect(vnc.host).toBe('127.0.0.1');
    const banner = await new Promise<string>((resolve, reject) => {
      const socket = connect(vnc.port, vnc.host);
      socket.once('data', (d) => {
        resolve(d.toString('latin1'));
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(banner).toMatch(/^RFB 003\.00\d/);
  });

  it('reboots (soft, falling back to hard when the guest ignores ACPI): a new QEMU, still ACTIVE', async () => {
    const before = (await libvirt.lookupByUuid(server.id)).id;
    expect((await api('POST', `/servers/${server.id}/action`, { reboot: { type: 'SOFT' } })).status).toBe(
      202,
    );
    expect(await settled(server.id)).toMatchObject({ status: 'ACTIVE' });
    const after = await libvirt.lookupByUuid(server.id);
    expect(after.id).not.toBe(before);
    expect(await domainState(server.id)).toBe(DomainState.RUNNING);
  }, 60_000);

  it('stops and starts: SHUTOFF is a shut-off domain, ACTIVE a running one', async () => {
    expect((await api('POST', `/servers/${server.id}/action`, { 'os-stop': null })).status).toBe(202);
    expect(await settled(server.id)).toMatchObject({
      status: 'SHUTOFF',
      'OS-EXT-STS:power_state': PowerState.SHUTDOWN,
    });
    expect(await domainState(server.id)).toBe(DomainState.SHUTOFF);
    expect((await api('POST', `/servers/${server.id}/action`, { 'os-start': null })).status).toBe(202);
    expect(await settled(server.id)).toMatchObject({
      status: 'ACTIVE',
      'OS-EXT-STS:power_state': PowerState.RUNNING,
    });
    expect(await domainState(server.id)).toBe(DomainState.RUNNING);
  }, 60_000);

  it('pauses, unpauses, suspends and resumes through the Compute API: libvirt paused, managed-saved, running', async () => {
    expect(await act(server.id, { pause: null })).toMatchObject({
      status: 'PAUSED',
      'OS-EXT-STS:power_state': PowerState.PAUSED,
    });
    expect(await domainState(server.id)).toBe(DomainState.PAUSED);
    expect(await act(server.id, { unpause: null })).toMatchObject({
      status: 'ACTIVE',
      'OS-EXT-STS:power_state': PowerState.RUNNING,
    });
    expect(await domainState(server.id)).toBe(DomainState.RUNNING);
    expect(await act(server.id, { suspend: null })).toMatchObject({
      status: 'SUSPENDED',
      'OS-EXT-STS:power_state': PowerState.SUSPENDED,
    });
    expect(await domainState(server.id)).toBe(DomainState.SHUTOFF);
    expect(await libvirt.hasManagedSaveImage(await libvirt.lookupByUuid(server.id))).toBe(true);
    expect(await act(server.id, { resume: null })).toMatchObject({
      status: 'ACTIVE',
      'OS-EXT-STS:power_state': PowerState.RUNNING,
    });
    expect(await domainState(server.id)).toBe(DomainState.RUNNING);
  }, 90_000);

  it('answers 409 to resize and cold migrate, which the libvirt driver declares unsupported', async () => {
    for (const action of [{ resize: { flavorRef: '2' } }, { migrate: null }]) {
      const res = await api('POST', `/servers/${server.id}/action`, action);
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.conflictingRequest.message).toMatch(/does not support resize/);
    }
    expect(await settled(server.id)).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null });
    expect(await domainState(server.id)).toBe(DomainState.RUNNING);
  });

  it('snapshots through the API (`openstack server image create --wait`): an active qcow2 image holding the guest disk, the guest keeps running', async () => {
    const env = openrcEnv();
    const created = await openstack(
      ['server', 'image', 'create', '--wait', '--name', 'tiny-snap', server.id, '-f', 'json'],
      env,
      { timeoutMs: 240_000 },
    );
    expect(created.code, created.stderr).toBe(0);
    const shown = await openstack(['image', 'show', 'tiny-snap', '-f', 'json'], env);
    expect(shown.code, shown.stderr).toBe(0);
    const image = JSON.parse(shown.stdout);
    expect(image).toMatchObject({ status: 'active', disk_format: 'qcow2', container_format: 'bare' });
    expect(image.size).toBeGreaterThan(0);
    expect(image.properties).toMatchObject({ image_type: 'snapshot', instance_uuid: server.id });
    // The bytes in the image service are a standalone qcow2 of the guest's disk.
    const res = await fetch(`${imageApi}/v2/images/${image.id}/file`, { headers: HEADERS });
    expect(res.status).toBe(200);
    const data = Buffer.from(await res.arrayBuffer());
    expect(data.length).toBe(image.size);
    const file = join(dir, 'snap.qcow2');
    writeFileSync(file, data);
    const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', file], { encoding: 'utf8' }));
    expect(info.format).toBe('qcow2');
    expect(info['backing-filename']).toBeUndefined();
    expect(data.includes(TINY_GUEST_DISK_MARK)).toBe(true);
    expect(await settled(server.id)).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null });
    expect(await domainState(server.id)).toBe(DomainState.RUNNING);
    expect(existsSync(join(dir, 'instances', server.id, `snapshot-${image.id}.qcow2`))).toBe(false);
  }, 300_000);

  it('puts a server whose domain vanished under us into ERROR with the fault, and deletes it cleanly', async () => {
    const created = await api('POST', '/servers', {
      server: { name: 'doomed', imageRef: images.machineId, flavorRef: '1' },
    });
    const doomed = created.body.server.id as string;
    expect(await settled(doomed)).toMatchObject({ status: 'ACTIVE' });
    const dom = await libvirt.lookupByUuid(doomed);
    await libvirt.destroy(dom);
    await libvirt.undefine(dom, 1);
    expect((await api('POST', `/servers/${doomed}/action`, { reboot: { type: 'HARD' } })).status).toBe(202);
    expect(await settled(doomed)).toMatchObject({ status: 'ERROR' });
    // NOTE(nova): the error state is saved before the fault is recorded (as Nova's wrap_instance_fault does).
    const errored = await waitFor(
      'the fault of the errored server',
      async () => {
        const s = (await api('GET', `/servers/${doomed}`)).body.server;
        return s.fault ? s : undefined;
      },
      30_000,
    );
    expect(errored.fault.message).toMatch(/could not be found/);
    expect((await api('DELETE', `/servers/${doomed}`)).status).toBe(204);
    await waitFor(
      'the errored server to go',
      async () => ((await api('GET', `/servers/${doomed}`)).status === 404 ? true : undefined),
      30_000,
    );
    expect(existsSync(join(dir, 'instances', doomed))).toBe(false);
  }, 90_000);

  it('deletes: the domain is undefined and its files are removed', async () => {
    expect(existsSync(join(dir, 'instances', server.id, 'disk'))).toBe(true);
    expect((await api('DELETE', `/servers/${server.id}`)).status).toBe(204);
    await waitFor(
      'the server to go',
      async () => ((await api('GET', `/servers/${server.id}`)).status === 404 ? true : undefined),
      30_000,
    );
    expect(await domainState(server.id)).toBeNull();
    expect(existsSync(join(dir, 'instances', server.id))).toBe(false);
    expect(await driver.listInstanceUuids()).not.toContain(server.id);
  }, 60_000);
});
