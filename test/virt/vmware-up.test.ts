/**
 * `novats up --config-file F` with `compute_driver = vmwareapi.VMwareVCDriver`
 * against vcsim: one compute host on the vCenter cluster, a server booted
 * to ACTIVE through the Compute API (its VM in vCenter), the cluster's CPU
 * traits on its resource provider, a failed vSphere task as the fault of a
 * server in ERROR, nothing left in placement or vCenter after delete, and
 * an unreachable vCenter refused at start in one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VimClient } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { text, toMoRef } from '../../packages/drivers/src/virt/vmware/soap-xml.js';
import { http, waitFor } from '../support/cloud.js';
import { type NovatsUp, runNovatsUpToExit, startNovatsUp } from '../support/novats-up.js';
import { startVcsim, type Vcsim, vcsimUnavailable } from '../support/vcsim/vcsim.js';

const missing = vcsimUnavailable();
if (missing) throw new Error(`vcsim cannot be built: ${missing}`);

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const dir = mkdtempSync(join(tmpdir(), 'novats-vmware-up-'));

function novaConf(sim: Pick<Vcsim, 'host' | 'port' | 'username' | 'password'>, extra = ''): string {
  const file = join(dir, `nova-${Math.random().toString(36).slice(2)}.conf`);
  writeFileSync(
    file,
    [
      '[DEFAULT]',
      'compute_driver = vmwareapi.VMwareVCDriver',
      '[vmware]',
      `host_ip = ${sim.host}`,
      `host_port = ${sim.port}`,
      `host_username = ${sim.username}`,
      `host_password = ${sim.password}`,
      'cluster_name = DC0_C0',
      'insecure = true',
      extra,
      '',
    ].join('\n'),
  );
  return file;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('novats up on VMware (vcsim)', () => {
  let sim: Vcsim;
  let up: NovatsUp;
  let vim: VimClient;
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
  const vmOf = async (uuid: string) =>
    toMoRef(
      await vim.invoke('FindByUuid', vim.content.searchIndex, { uuid, vmSearch: true, instanceUuid: true }),
    );
  const boot = async (name: string) => {
    const res = await compute('POST', '/servers', { server: { name, imageRef: IMAGE, flavorRef: '1' } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body.server.id as string;
  };

  beforeAll(async () => {
    sim = await startVcsim();
    vim = new VimClient({
      url: sim.url,
      username: sim.username,
      password: sim.password,
      insecure: true,
      host: 't',
    });
    await vim.login();
    up = await startNovatsUp(['--state-dir', join(dir, 'state'), '--config-file', novaConf(sim)]);
  }, 300_000);
  afterAll(async () => {
    if (up) expect(await up.stop()).toBe(0);
    await vim?.logout();
    await sim?.stop();
  });

  it('runs one compute host on the cluster and boots a server to ACTIVE as a VM in vCenter', async () => {
    expect(up.output()).toContain('1 compute host (compute1) on vmwareapi.VMwareVCDriver');
    const id = await boot('vmware-vm');
    const server = await settled(id, ['ACTIVE', 'ERROR']);
    expect(server.status).toBe('ACTIVE');
    const vm = await vmOf(id);
    expect(vm?.type).toBe('VirtualMachine');
    const power = await vim.propertiesOf(vm!, ['runtime.powerState']);
    expect(text(power.get('runtime.powerState'))).toBe('poweredOn');
    const [hv] = (await compute('GET', '/os-hypervisors/detail')).body.hypervisors;
    expect(hv).toMatchObject({ hypervisor_type: 'VMware vCenter Server', hypervisor_version: 6005000 });
    const rp = (await placement(`/resource_providers?name=${hv.hypervisor_hostname}`)).body
      .resource_providers[0];
    const traits = (await placement(`/resource_providers/${rp.uuid}/traits`)).body.traits;
    expect(traits).toEqual(expect.arrayContaining(['COMPUTE_NODE', 'HW_CPU_X86_SSE2', 'HW_CPU_X86_AESNI']));
    expect(await compute('DELETE', `/servers/${id}`)).toMatchObject({ status: 204 });
    await waitFor('the VM to go', async () => ((await vmOf(id)) ? undefined : true));
    await waitFor('the allocations to go', async () => {
      const a = (await placement(`/allocations/${id}`)).body.allocations;
      return Object.keys(a).length === 0 ? true : undefined;
    });
  });

  it("puts a server whose vSphere task fails into ERROR with vSphere's fault", async () => {
    const id = await boot('vmware-template');
    await settled(id, ['ACTIVE']);
    expect((await compute('POST', `/servers/${id}/action`, { 'os-stop': null })).status).toBe(202);
    await settled(id, ['SHUTOFF']);
    // Behind Nova's back the VM becomes a template, which vSphere refuses to power on.
    await vim.invoke('MarkAsTemplate', (await vmOf(id))!);
    expect((await compute('POST', `/servers/${id}/action`, { reboot: { type: 'HARD' } })).status).toBe(202);
    const server = await settled(id, ['ERROR']);
    expect(server.fault.message).toMatch(/^vSphere PowerOnVM_Task failed: InvalidState/);
    expect(await compute('DELETE', `/servers/${id}`)).toMatchObject({ status: 204 });
    await waitFor('the VM and allocations to go', async () => {
      const a = (await placement(`/allocations/${id}`)).body.allocations;
      return Object.keys(a).length === 0 && !(await vmOf(id)) ? true : undefined;
    });
  });

  it('refuses to start when vCenter is unreachable, in one line after its retries', async () => {
    const conf = novaConf({ ...sim, port: 1 }, 'api_retry_count = 1');
    const { code, out } = await runNovatsUpToExit(['--state-dir', join(dir, 'down'), '--config-file', conf]);
    expect(code).not.toBe(0);
    expect(out).toMatch(
      /novats: Connection to the hypervisor is broken on host compute1: cannot reach vCenter at https:\/\/127\.0\.0\.1:1\/sdk: ECONNREFUSED/,
    );
  });
});
