/**
 * The real `openstack` client (python3-openstackclient) against the Compute
 * API of the all-in-one cloud, authenticating the noauth2 way through
 * keystoneauth's admin_token plugin: flavors, servers, hypervisors and
 * compute services.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';

const run = promisify(execFile);
const OPENSTACK = ['/usr/bin/openstack', '/usr/local/bin/openstack'].find((p) => existsSync(p));
const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';

// NOTE(no skip): without the client these tests fail, saying what to install (.ci/run installs it).
describe('openstack CLI against Novats (needs Debian package python3-openstackclient)', () => {
  it('has the openstack client installed', () => {
    expect(OPENSTACK, 'install the Debian package python3-openstackclient').toBeTruthy();
  });
  let t: TestCloud;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await startTestCloud('sqlite');
    env = {
      ...process.env,
      OS_AUTH_TYPE: 'admin_token',
      OS_TOKEN: 'admin:admin',
      OS_ENDPOINT: t.cloud.endpoints.compute,
    };
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** `openstack server create --wait` of an m1.tiny from the embedded image. */
  const bootWithWait = (name: string) =>
    osc('server', 'create', '--flavor', 'm1.tiny', '--image', IMAGE, '--wait', name);

  async function osc(...args: string[]): Promise<any> {
    const { stdout } = await run(OPENSTACK!, [...args, '-f', 'json'], { env, timeout: 60_000 });
    return stdout.trim() ? JSON.parse(stdout) : null;
  }

  it('lists, creates, updates and deletes flavors', async () => {
    const flavors = await osc('flavor', 'list');
    expect(flavors.map((f: { Name: string }) => f.Name)).toEqual([
      'm1.tiny',
      'm1.small',
      'm1.medium',
      'm1.large',
      'm1.xlarge',
    ]);
    const created = await osc(
      'flavor',
      'create',
      '--ram',
      '256',
      '--vcpus',
      '1',
      '--disk',
      '1',
      '--id',
      'cli-1',
      'cli.tiny',
    );
    expect(created).toMatchObject({ id: 'cli-1', name: 'cli.tiny', ram: 256, vcpus: 1, disk: 1 });
    await run(OPENSTACK!, ['flavor', 'set', '--property', 'hw:cpu_policy=shared', 'cli.tiny'], { env });
    expect((await osc('flavor', 'show', 'cli.tiny')).properties).toEqual({ 'hw:cpu_policy': 'shared' });
    await run(OPENSTACK!, ['flavor', 'delete', 'cli.tiny'], { env });
    expect((await osc('flavor', 'list')).map((f: { Name: string }) => f.Name)).not.toContain('cli.tiny');
  });

  it('boots a server with --wait, shows and lists it, and deletes it with --wait', async () => {
    const server = await bootWithWait('cli-vm');
    expect(server).toMatchObject({ name: 'cli-vm', status: 'ACTIVE', 'OS-EXT-STS:vm_state': 'active' });
    expect(server.addresses.private).toHaveLength(1);
    const listed = await osc('server', 'list');
    expect(listed.find((s: { ID: string }) => s.ID === server.id)).toMatchObject({
      Name: 'cli-vm',
      Status: 'ACTIVE',
    });
    const shown = await osc('server', 'show', server.id);
    expect(shown['OS-EXT-SRV-ATTR:host']).toMatch(/^compute\d$/);
    await run(OPENSTACK!, ['server', 'delete', '--wait', server.id], { env, timeout: 60_000 });
    expect((await osc('server', 'list')).find((s: { ID: string }) => s.ID === server.id)).toBeUndefined();
  });

  it('stops, starts, reboots, locks and unlocks a server', async () => {
    const server = await bootWithWait('cli-power');
    const status = async (want: string) => {
      // NOTE(osc): this client's `server stop/start` have no --wait; poll as a user would.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const shown = await osc('server', 'show', server.id);
        if (shown.status === want && shown['OS-EXT-STS:task_state'] === null) return shown;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`server ${server.id} never reached ${want}`);
    };
    await run(OPENSTACK!, ['server', 'stop', server.id], { env });
    expect((await status('SHUTOFF'))['OS-EXT-STS:power_state']).toBe(4);
    await run(OPENSTACK!, ['server', 'start', server.id], { env });
    expect((await status('ACTIVE'))['OS-EXT-STS:power_state']).toBe(1);
    await run(OPENSTACK!, ['server', 'reboot', '--hard', '--wait', server.id], { env, timeout: 60_000 });
    await run(OPENSTACK!, ['server', 'reboot', '--soft', '--wait', server.id], { env, timeout: 60_000 });
    await status('ACTIVE');
    await run(
      OPENSTACK!,
      ['--os-compute-api-version', '2.73', 'server', 'lock', '--reason', 'cli test', server.id],
      { env },
    );
    const locked = await osc('--os-compute-api-version', '2.73', 'server', 'show', server.id);
    expect(locked).toMatchObject({ locked: true, locked_reason: 'cli test' });
    await run(OPENSTACK!, ['server', 'unlock', server.id], { env });
    expect((await osc('--os-compute-api-version', '2.73', 'server', 'show', server.id)).locked).toBe(false);
    await run(OPENSTACK!, ['server', 'delete', '--wait', server.id], { env, timeout: 60_000 });
    // NOTE(osc): about twenty client runs of ~1.3 s each; the default 30 s is too tight.
  }, 90_000);

  it('lists hypervisors', async () => {
    const hypervisors = await osc('hypervisor', 'list');
    expect(hypervisors).toHaveLength(3);
    expect(hypervisors[0]).toMatchObject({ 'Hypervisor Type': 'fake', State: 'up' });
  });

  it('lists compute services and disables one with a reason', async () => {
    const services = await osc('compute', 'service', 'list', '--service', 'nova-compute');
    expect(services.map((s: any) => s.Host).sort()).toEqual(['compute1', 'compute2', 'compute3']);
    expect(services[0]).toMatchObject({ Zone: 'nova', Status: 'enabled', State: 'up' });
    await run(
      OPENSTACK!,
      ['compute', 'service', 'set', '--disable', '--disable-reason', 'maint', 'compute1', 'nova-compute'],
      { env },
    );
    const listed = await osc('compute', 'service', 'list', '--host', 'compute1', '--long');
    const compute1 = listed.find((s: any) => s.Binary === 'nova-compute');
    expect(compute1).toMatchObject({ Status: 'disabled', 'Disabled Reason': 'maint' });
    await run(OPENSTACK!, ['compute', 'service', 'set', '--enable', 'compute1', 'nova-compute'], { env });
    const enabled = await osc(
      'compute',
      'service',
      'list',
      '--host',
      'compute1',
      '--service',
      'nova-compute',
    );
    expect(enabled[0].Status).toBe('enabled');
  });
});
