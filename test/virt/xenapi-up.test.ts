/**
 * `novats up --config-file F` with `compute_driver = xenapi.XenAPIDriver`
 * against the XenAPI simulator: one compute host on the simulated
 * XenServer, a server booted to ACTIVE through the Compute API, the host's
 * CPU traits on its resource provider, XenServer's errors as faults of
 * servers in ERROR, nothing left in placement, and an unreachable pool
 * master refused at start in one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, waitFor } from '../support/cloud.js';
import { type NovatsUp, runNovatsUpToExit, startNovatsUp } from '../support/novats-up.js';
import { type RunningXenApiSim, startXenApiSim } from '../support/xenapi-sim/xenapi-sim.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const dir = mkdtempSync(join(tmpdir(), 'novats-xen-up-'));

function novaConf(url: string): string {
  const file = join(dir, `nova-${Math.random().toString(36).slice(2)}.conf`);
  writeFileSync(
    file,
    `[DEFAULT]\ncompute_driver = xenapi.XenAPIDriver\n\n[xenserver]\nconnection_url = ${url}\nconnection_username = root\nconnection_password = xenroot\n`,
  );
  return file;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('novats up on XenAPI (simulator)', () => {
  let xen: RunningXenApiSim;
  let up: NovatsUp;
  const admin = { 'x-auth-token': 'admin:admin' };
  const compute = (method: string, path: string, body?: unknown) =>
    http(`${up.compute}${path}`, method, body, admin);
  const placement = (path: string) =>
    http(`${up.placement}${path}`, 'GET', undefined, {
      'x-auth-token': 'admin',
      'openstack-api-version': 'placement 1.39',
    });
  const settled = (id: string, want: string[]) =>
    waitFor(`server ${id} in ${want}`, async () => {
      const s = (await compute('GET', `/servers/${id}`)).body.server;
      // NOTE(fault): a failed action writes ERROR first and its fault right after.
      const done = want.includes(s.status) && s['OS-EXT-STS:task_state'] === null;
      return done && (s.status !== 'ERROR' || s.fault) ? s : undefined;
    });
  const boot = async (name: string) => {
    const res = await compute('POST', '/servers', { server: { name, imageRef: IMAGE, flavorRef: '1' } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body.server.id as string;
  };

  beforeAll(async () => {
    xen = await startXenApiSim();
    up = await startNovatsUp(['--state-dir', join(dir, 'state'), '--config-file', novaConf(xen.url)]);
  }, 30_000);
  afterAll(async () => {
    if (up) expect(await up.stop()).toBe(0);
    await xen?.stop();
  });

  it('runs one compute host on the XenServer and boots a server to ACTIVE on it', async () => {
    expect(up.output()).toContain('1 compute host (compute1) on xenapi.XenAPIDriver');
    const id = await boot('xen-vm');
    const server = await settled(id, ['ACTIVE', 'ERROR']);
    expect(server.status).toBe('ACTIVE');
    expect(server['OS-EXT-SRV-ATTR:hypervisor_hostname']).toBe('xenserver-sim');
    const vm = xen.sim.guests().find((g) => g.name_label === id);
    expect(vm).toMatchObject({ power_state: 'Running', other_config: { nova_uuid: id } });
    const hv = (await compute('GET', '/os-hypervisors/detail')).body.hypervisors;
    expect(hv).toHaveLength(1);
    expect(hv[0]).toMatchObject({
      hypervisor_type: 'XenServer',
      hypervisor_hostname: 'xenserver-sim',
      vcpus: 16,
    });
    const rp = (await placement('/resource_providers?name=xenserver-sim')).body.resource_providers[0];
    const traits = (await placement(`/resource_providers/${rp.uuid}/traits`)).body.traits;
    expect(traits).toEqual(expect.arrayContaining(['COMPUTE_NODE', 'HW_CPU_X86_AVX2', 'HW_CPU_X86_AESNI']));
    expect(await compute('DELETE', `/servers/${id}`)).toMatchObject({ status: 204 });
    await waitFor('the VM to go', async () =>
      xen.sim.guests().some((g) => g.name_label === id) ? undefined : true,
    );
    await waitFor('the allocations to go', async () => {
      const a = (await placement(`/allocations/${id}`)).body.allocations;
      return Object.keys(a).length === 0 ? true : undefined;
    });
  });

  it("puts a server whose VM.start fails into ERROR with XenServer's error, leaking nothing", async () => {
    xen.sim.failNext('VM.start', 'HOST_NOT_ENOUGH_FREE_MEMORY', ['536870912', '0']);
    const id = await boot('xen-no-memory');
    const server = await settled(id, ['ERROR']);
    expect(server.fault.details).toContain('XenAPI VM.start failed: HOST_NOT_ENOUGH_FREE_MEMORY 536870912 0');
    expect(xen.sim.guests().some((g) => g.name_label === id)).toBe(false);
    expect((await placement(`/allocations/${id}`)).body.allocations).toEqual({});
  });

  it('puts a server whose VM vanished into ERROR on reboot, with a fault naming XenAPI', async () => {
    const id = await boot('xen-vanishing');
    await settled(id, ['ACTIVE']);
    xen.sim.vanish(id);
    expect((await compute('POST', `/servers/${id}/action`, { reboot: { type: 'HARD' } })).status).toBe(202);
    const server = await settled(id, ['ERROR']);
    expect(server.fault.message).toContain('XenAPI VM.get_by_name_label found no VM');
    expect(await compute('DELETE', `/servers/${id}`)).toMatchObject({ status: 204 });
    await waitFor('the allocations to go', async () => {
      const a = (await placement(`/allocations/${id}`)).body.allocations;
      return Object.keys(a).length === 0 ? true : undefined;
    });
  });
});

it('refuses to start when the pool master is unreachable, in one line', async () => {
  const { code, out } = await runNovatsUpToExit([
    '--state-dir',
    join(dir, 'down'),
    '--config-file',
    novaConf('http://127.0.0.1:1'),
  ]);
  expect(code).not.toBe(0);
  expect(out).toMatch(/cannot reach XenAPI at http:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
  expect(
    out
      .trim()
      .split('\n')
      .filter((l) => /ECONNREFUSED/.test(l)),
  ).toHaveLength(1);
});
