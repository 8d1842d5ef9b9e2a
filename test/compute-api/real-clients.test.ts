/**
 * The issue's scenario through the real clients against the all-in-one
 * cloud: the `openstack` CLI (python3-openstackclient), novaclient's `nova`
 * and openstacksdk's compute proxy, authenticating the noauth2 way through
 * keystoneauth's admin_token plugin. Each step is one client command; the
 * test prints which steps passed and fails unless all did. The commands run
 * through each client's own entry point in one Python session
 * (test/support/osc-session.ts), which saves starting Python for each; the
 * first step runs the installed console scripts themselves.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { OscSession } from '../support/osc-session.js';

const run = promisify(execFile);
const OPENSTACK = ['/usr/bin/openstack', '/usr/local/bin/openstack'].find((p) => existsSync(p));
const NOVA = ['/usr/bin/nova', '/usr/local/bin/nova'].find((p) => existsSync(p));
const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';

const NOVA_PASSWORD = 'scenario-admin-password';

describe('real clients (needs Debian packages python3-openstackclient, python3-novaclient, python3-openstacksdk)', () => {
  let t: TestCloud;
  let env: Record<string, string>;
  let keystoneEnv: Record<string, string>;
  let session: OscSession;
  beforeAll(async () => {
    session = new OscSession();
    t = await startTestCloud('sqlite', {
      identity: { adminPassword: NOVA_PASSWORD, port: 0, legacyPort: null },
    });
    keystoneEnv = {
      OS_AUTH_URL: t.cloud.endpoints.identity ?? '',
      OS_USERNAME: 'admin',
      OS_PASSWORD: NOVA_PASSWORD,
      OS_PROJECT_NAME: 'admin',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_COMPUTE_API_VERSION: '2.92',
    };
    env = {
      OS_AUTH_TYPE: 'admin_token',
      OS_TOKEN: 'admin:admin',
      OS_ENDPOINT: t.cloud.endpoints.compute,
      // NOTE(clients): python3-openstackclient 6.0 and novaclient 18.1 know microversions up to 2.92.
      OS_COMPUTE_API_VERSION: '2.92',
    };
  }, 60_000);
  afterAll(async () => {
    session?.close();
    await t?.stop();
  });

  function parsed(stdout: string): any {
    const text = stdout.trim();
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  async function osc(...args: string[]): Promise<any> {
    return parsed(await session.check('openstack', args, env));
  }

  // NOTE(novaclient): its shell always authenticates against Keystone (no admin_token), so
  // it logs in with a password at the cloud's embedded identity service, as an operator would.
  async function nova(...args: string[]): Promise<string> {
    return session.check('nova', args, keystoneEnv);
  }

  /** The `openstack` CLI logged in at the embedded identity: `quota show/set <project>` resolve the project there. */
  async function oscKeystone(...args: string[]): Promise<any> {
    return parsed(await session.check('openstack', args, keystoneEnv));
  }

  it('has the clients installed, and their console scripts answer', async () => {
    expect(OPENSTACK, 'install python3-openstackclient').toBeTruthy();
    expect(NOVA, 'install python3-novaclient').toBeTruthy();
    const flavors = await run(OPENSTACK!, ['flavor', 'list', '-f', 'json'], {
      env: { ...process.env, ...env },
    });
    expect(JSON.parse(flavors.stdout).map((f: { Name: string }) => f.Name)).toContain('m1.tiny');
    const version = await run(NOVA!, ['version-list'], { env: { ...process.env, ...keystoneEnv } });
    expect(version.stdout).toContain('2.93');
  });

  async function sdk(script: string): Promise<string> {
    const { stdout } = await run(
      '/usr/bin/python3',
      [
        '-c',
        `import openstack\nc = openstack.connect(auth_type='admin_token', auth={'token': 'admin:admin', 'endpoint': '${env.OS_ENDPOINT}'}, compute_api_version='2.92')\n${script}`,
      ],
      { env: { ...process.env, ...env }, timeout: 180_000 },
    );
    return stdout;
  }

  it('runs the scenario step by step', async () => {
    const results: { step: string; ok: boolean; error?: string }[] = [];
    const state: Record<string, string> = {};
    /** Every server booted in noauth2's project "admin" (os-simple-tenant-usage counts deleted ones too). */
    const booted: string[] = [];
    async function step(name: string, fn: () => Promise<void>): Promise<void> {
      try {
        await fn();
        results.push({ step: name, ok: true });
      } catch (err) {
        results.push({
          step: name,
          ok: false,
          error: String((err as Error).message)
            .split('\n')
            .slice(0, 3)
            .join(' '),
        });
      }
    }
    const server = async (id: string) => osc('server', 'show', id, '-f', 'json');
    async function waitStatus(id: string, status: string) {
      for (let i = 0; i < 60; i++) {
        const s = await t.compute('GET', `/servers/${id}`);
        if (s.body.server?.status === status && s.body.server['OS-EXT-STS:task_state'] === null) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`server ${id} not ${status}`);
    }

    await step('flavor create', async () => {
      const f = await osc(
        'flavor',
        'create',
        '--ram',
        '256',
        '--disk',
        '1',
        '--vcpus',
        '1',
        'scn.small',
        '-f',
        'json',
      );
      expect(f.name).toBe('scn.small');
      const g = await osc(
        'flavor',
        'create',
        '--ram',
        '512',
        '--disk',
        '1',
        '--vcpus',
        '2',
        'scn.big',
        '-f',
        'json',
      );
      expect(g.name).toBe('scn.big');
    });
    await step('flavor set --description', async () => {
      await osc('flavor', 'set', '--description', 'scenario', 'scn.small');
    });
    await step('flavor show', async () => {
      expect((await osc('flavor', 'show', 'scn.small', '-f', 'json')).description).toBe('scenario');
    });
    await step('flavor list', async () => {
      expect((await osc('flavor', 'list', '-f', 'json')).map((f: { Name: string }) => f.Name)).toContain(
        'scn.small',
      );
    });
    await step('keypair create (generated)', async () => {
      // NOTE(2.92): from 2.92 the server no longer generates keys; the client asks at 2.91.
      const k = await osc('--os-compute-api-version', '2.91', 'keypair', 'create', 'scn-gen');
      expect(String(k)).toContain('PRIVATE KEY');
    });
    await step('keypair create (imported)', async () => {
      const pub = (await t.compute('GET', '/os-keypairs/scn-gen')).body.keypair.public_key;
      const file = join(mkdtempSync(join(tmpdir(), 'scn-key-')), 'scn.pub');
      writeFileSync(file, pub);
      const k = await osc('keypair', 'create', '--public-key', file, 'scn-imp', '-f', 'json');
      expect(k.name).toBe('scn-imp');
    });
    await step('quota show <project>', async () => {
      const q = await oscKeystone('quota', 'show', 'admin', '-f', 'json');
      expect(q).toMatchObject({
        instances: 10,
        cores: 20,
        ram: 51200,
        'server-groups': 10,
        project_name: 'admin',
      });
    });
    await step('quota set --instances <project>', async () => {
      await oscKeystone('quota', 'set', '--instances', '7', 'admin');
      expect((await oscKeystone('quota', 'show', 'admin', '-f', 'json')).instances).toBe(7);
      expect(await nova('quota-show')).toMatch(/\|\s*instances\s*\|\s*7\s*\|/);
    });
    await step('quota set --class / show the default class', async () => {
      await osc('quota', 'set', '--class', '--key-pairs', '50', 'default');
      expect((await t.compute('GET', '/os-quota-class-sets/default')).body.quota_class_set.key_pairs).toBe(
        50,
      );
      // NOTE(client): OSC 6.0's `quota show --class default` looks the class name up as a
      // project (and fails so against Nova too); novaclient shows the class.
      expect(await nova('quota-class-show', 'default')).toMatch(/\|\s*key_pairs\s*\|\s*50\s*\|/);
      expect((await oscKeystone('quota', 'show', '--default', 'admin', '-f', 'json'))['key-pairs']).toBe(50);
      await osc('quota', 'set', '--class', '--key-pairs', '100', 'default');
    });
    await step('server group create --policy anti-affinity', async () => {
      const g = await osc('server', 'group', 'create', '--policy', 'anti-affinity', 'scn-grp', '-f', 'json');
      expect(g).toMatchObject({ name: 'scn-grp', policy: 'anti-affinity', members: [] });
      state.group = g.id;
    });
    await step('server create --hint group, a second member lands on another host', async () => {
      const boot = async (name: string) =>
        osc(
          'server',
          'create',
          '--flavor',
          '1',
          '--image',
          IMAGE,
          '--network',
          'none',
          '--hint',
          `group=${state.group}`,
          '--wait',
          '-f',
          'json',
          name,
        );
      const first = await boot('scn-g1');
      booted.push(first.id);
      const second = await boot('scn-g2');
      booted.push(second.id);
      expect([first.status, second.status]).toEqual(['ACTIVE', 'ACTIVE']);
      const hostOf = async (id: string) =>
        (await t.compute('GET', `/servers/${id}`)).body.server['OS-EXT-SRV-ATTR:host'];
      expect(await hostOf(first.id)).not.toBe(await hostOf(second.id));
      const shown = await osc('server', 'group', 'show', 'scn-grp', '-f', 'json');
      expect([...shown.members].sort()).toEqual([first.id, second.id].sort());
      await osc('server', 'delete', '--wait', first.id, second.id);
      await osc('server', 'group', 'delete', 'scn-grp');
    });
    await step('server create --wait with key and properties', async () => {
      const args = [
        'server',
        'create',
        '--flavor',
        'scn.small',
        '--image',
        IMAGE,
        '--key-name',
        'scn-gen',
        '--property',
        'role=web',
        '--network',
        'none',
        '--wait',
        '-f',
        'json',
      ];
      const s = await osc(...args, 'scn-vm');
      state.vm = s.id;
      booted.push(s.id);
      expect(s.status).toBe('ACTIVE');
    });
    if (!state.vm) {
      const res = await t.compute('POST', '/servers', {
        server: { name: 'scn-vm', imageRef: IMAGE, flavorRef: '1', networks: 'none' },
      });
      state.vm = res.body.server.id;
      booted.push(state.vm);
      await waitStatus(state.vm, 'ACTIVE');
    }
    const vm = state.vm;
    await step('server list with filters', async () => {
      const list = await osc('server', 'list', '--name', 'scn', '--status', 'ACTIVE', '-f', 'json');
      expect(list.map((s: { ID: string }) => s.ID)).toContain(vm);
    });
    await step('server show', async () => {
      expect((await server(vm)).id).toBe(vm);
    });
    await step('server set --property', async () => {
      await osc('server', 'set', '--property', 'tier=gold', vm);
      expect((await t.compute('GET', `/servers/${vm}`)).body.server.metadata.tier).toBe('gold');
    });
    const simple: [string, string[], string][] = [
      ['server stop', ['server', 'stop', vm], 'SHUTOFF'],
      ['server start', ['server', 'start', vm], 'ACTIVE'],
      ['server reboot --soft', ['server', 'reboot', '--soft', vm], 'ACTIVE'],
      ['server reboot --hard', ['server', 'reboot', '--hard', vm], 'ACTIVE'],
      ['server pause', ['server', 'pause', vm], 'PAUSED'],
      ['server unpause', ['server', 'unpause', vm], 'ACTIVE'],
      ['server suspend', ['server', 'suspend', vm], 'SUSPENDED'],
      ['server resume', ['server', 'resume', vm], 'ACTIVE'],
      ['server lock --reason', ['server', 'lock', '--reason', 'scenario', vm], 'ACTIVE'],
      ['server unlock', ['server', 'unlock', vm], 'ACTIVE'],
    ];
    for (const [name, args, status] of simple) {
      await step(name, async () => {
        await osc(...args);
        await waitStatus(vm, status);
      });
    }
    await step('server resize --wait + confirm', async () => {
      await osc('server', 'resize', '--flavor', 'scn.big', '--wait', vm);
      await waitStatus(vm, 'VERIFY_RESIZE');
      await osc('server', 'resize', 'confirm', vm);
      await waitStatus(vm, 'ACTIVE');
    });
    await step('server resize --wait + revert', async () => {
      await osc('server', 'resize', '--flavor', 'scn.small', '--wait', vm);
      await waitStatus(vm, 'VERIFY_RESIZE');
      await osc('server', 'resize', 'revert', vm);
      await waitStatus(vm, 'ACTIVE');
    });
    await step('server migrate', async () => {
      await osc('server', 'migrate', '--wait', vm);
      await waitStatus(vm, 'VERIFY_RESIZE');
      await osc('server', 'resize', 'confirm', vm);
      await waitStatus(vm, 'ACTIVE');
    });
    await step('server rebuild --wait', async () => {
      await osc('server', 'rebuild', '--image', IMAGE, '--wait', vm);
      await waitStatus(vm, 'ACTIVE');
    });
    await step('server shelve / unshelve', async () => {
      await osc('server', 'shelve', vm);
      await waitStatus(vm, 'SHELVED_OFFLOADED');
      await osc('server', 'unshelve', vm);
      await waitStatus(vm, 'ACTIVE');
    });
    await step('server rescue / unrescue', async () => {
      await osc('server', 'rescue', vm);
      await waitStatus(vm, 'RESCUE');
      await osc('server', 'unrescue', vm);
      await waitStatus(vm, 'ACTIVE');
    });
    await step('console log show', async () => {
      expect(String(await osc('console', 'log', 'show', vm))).toContain('Booting');
    });
    await step('server event list', async () => {
      const events = await osc('server', 'event', 'list', vm, '-f', 'json');
      expect(events.map((e: { Action: string }) => e.Action)).toEqual(
        expect.arrayContaining(['create', 'stop', 'resize']),
      );
    });
    await step('limits show --absolute', async () => {
      const limits = await osc('limits', 'show', '--absolute', '-f', 'json');
      const value = (name: string) => limits.find((l: { Name: string }) => l.Name === name)?.Value;
      const api = (await t.compute('GET', '/limits')).body.limits.absolute;
      expect(value('maxTotalInstances')).toBe(api.maxTotalInstances);
      expect(value('totalInstancesUsed')).toBe(api.totalInstancesUsed);
      expect(value('totalInstancesUsed')).toBeGreaterThanOrEqual(1);
      expect(value('totalCoresUsed')).toBe(api.totalCoresUsed);
    });
    await step('hypervisor list / show / stats', async () => {
      const list = await osc('hypervisor', 'list', '-f', 'json');
      expect(list).toHaveLength(3);
      expect(
        (await osc('hypervisor', 'show', String(list[0].ID), '-f', 'json')).hypervisor_hostname,
      ).toBeTruthy();
      const stats = await osc(
        '--os-compute-api-version',
        '2.87',
        'hypervisor',
        'stats',
        'show',
        '-f',
        'json',
      );
      expect(stats.count).toBe(3);
    });
    await step('compute service list / set', async () => {
      const services = await osc('compute', 'service', 'list', '--service', 'nova-compute', '-f', 'json');
      expect(services.length).toBe(3);
      await osc(
        'compute',
        'service',
        'set',
        '--disable',
        '--disable-reason',
        'scn',
        services[0].Host,
        'nova-compute',
      );
      await osc('compute', 'service', 'set', '--enable', services[0].Host, 'nova-compute');
    });
    await step('aggregate create --zone / add host / show / remove host / delete', async () => {
      await osc('aggregate', 'create', '--zone', 'scn-az', 'scn-agg', '-f', 'json');
      await osc('aggregate', 'add', 'host', 'scn-agg', 'compute1', '-f', 'json');
      expect((await osc('aggregate', 'show', 'scn-agg', '-f', 'json')).hosts).toContain('compute1');
      await osc('aggregate', 'remove', 'host', 'scn-agg', 'compute1', '-f', 'json');
      await osc('aggregate', 'delete', 'scn-agg');
    });
    await step('availability zone list --long', async () => {
      const zones = await osc('availability', 'zone', 'list', '--long', '-f', 'json');
      expect(zones.map((z: { 'Zone Name': string }) => z['Zone Name'])).toContain('nova');
    });
    await step('novaclient: nova list / show / pause / unpause / console-log', async () => {
      // NOTE(projects): the server belongs to noauth2's project "admin", not Keystone's admin project.
      expect(await nova('list', '--all-tenants')).toContain(vm);
      expect(await nova('show', vm)).toContain('scn-vm');
      await nova('pause', vm);
      await waitStatus(vm, 'PAUSED');
      await nova('unpause', vm);
      await waitStatus(vm, 'ACTIVE');
      expect(await nova('console-log', vm)).toContain('Booting');
      expect(await nova('instance-action-list', vm)).toContain('pause');
    });
    await step('novaclient: nova instance-usage-audit-log [--before]', async () => {
      // No host audits here (instance_usage_audit is off): every compute host is "not run".
      const now = await nova('instance-usage-audit-log');
      expect(now).toMatch(/\|\s*overall_status\s*\|\s*0 of \d+ hosts done\. 0 errors\.\s*\|/);
      expect(now).toMatch(/\|\s*hosts_not_run\s*\|\s*\['compute1'/);
      const before = await nova('instance-usage-audit-log', '--before', '2015-08-27 09:49:58.123456');
      expect(before).toMatch(/\|\s*period_beginning\s*\|\s*2015-07-01 00:00:00\s*\|/);
      expect(before).toMatch(/\|\s*period_ending\s*\|\s*2015-08-01 00:00:00\s*\|/);
    });
    await step('openstacksdk: create / list / delete', async () => {
      const out = await sdk(
        `s = c.compute.create_server(name='sdk-vm', image_id='${IMAGE}', flavor_id='1', networks='none')\ns = c.compute.wait_for_server(s, wait=60)\nprint(s.status)\nprint(any(x.id == s.id for x in c.compute.servers()))\nc.compute.delete_server(s)\nc.compute.wait_for_delete(s, wait=60)\nprint('deleted')\nprint(s.id)`,
      );
      const lines = out.split('\n');
      if (lines[3]) booted.push(lines[3]);
      expect(lines.slice(0, 3)).toEqual(['ACTIVE', 'True', 'deleted']);
    });
    // Whole days: the usage of a running server counts up to the period's end (as Nova), so
    // fixed dates give the same figures to the CLI and to the API asked directly.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const [start, end] = [day(-1), day(1)];
    await step('usage list', async () => {
      const rows = await osc('usage', 'list', '--start', start, '--end', end, '-f', 'json');
      const api = (
        await t.compute(
          'GET',
          `/os-simple-tenant-usage?detailed=1&start=${start}T00:00:00&end=${end}T00:00:00`,
        )
      ).body.tenant_usages;
      expect(rows.map((r: { Project: string }) => r.Project)).toEqual(
        api.map((u: { tenant_id: string }) => u.tenant_id),
      );
      const admin = rows.find((r: { Project: string }) => r.Project === 'admin');
      // One server usage for each server booted in the project, the deleted ones too.
      expect(admin.Servers).toHaveLength(booted.length);
      const mine = api.find((u: { tenant_id: string }) => u.tenant_id === 'admin');
      expect(mine.server_usages.map((u: { instance_id: string }) => u.instance_id).sort()).toEqual(
        [...booted].sort(),
      );
      expect(admin['RAM MB-Hours']).toBeCloseTo(mine.total_memory_mb_usage, 6);
      expect(admin['CPU Hours']).toBeCloseTo(mine.total_vcpus_usage, 6);
      expect(admin['Disk GB-Hours']).toBeCloseTo(mine.total_local_gb_usage, 6);
      expect(admin['CPU Hours']).toBeGreaterThan(0);
    });
    await step('usage show (the logged-in project)', async () => {
      // NOTE(projects): `usage show` asks for the project the client logged in to, so the
      // server is booted by the operator logged in at the embedded identity service.
      const s = await oscKeystone(
        'server',
        'create',
        '--flavor',
        'scn.small',
        '--image',
        IMAGE,
        '--network',
        'none',
        '--wait',
        '-f',
        'json',
        'scn-usage',
      );
      try {
        const shown = await oscKeystone('usage', 'show', '--start', start, '--end', end, '-f', 'json');
        const server = (await t.compute('GET', `/servers/${s.id}`)).body.server;
        expect(shown.Project).toBe(server.tenant_id);
        expect(shown.Servers).toHaveLength(1);
        // scn.small: 256 MB, 1 vCPU, 1 GB, from its launch to the period's end.
        const hours =
          (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${server['OS-SRV-USG:launched_at']}Z`)) / 3_600_000;
        expect(shown['RAM MB-Hours']).toBeCloseTo(256 * hours, 2);
        expect(shown['CPU Hours']).toBeCloseTo(hours, 4);
        expect(shown['Disk GB-Hours']).toBeCloseTo(hours, 4);
      } finally {
        await oscKeystone('server', 'delete', '--wait', s.id);
      }
    });
    await step('server delete --wait', async () => {
      await osc('server', 'delete', '--wait', vm);
      expect((await t.compute('GET', `/servers/${vm}`)).status).toBe(404);
    });
    await step('keypair and flavor delete', async () => {
      await osc('keypair', 'delete', 'scn-gen', 'scn-imp');
      await osc('flavor', 'delete', 'scn.big');
    });

    const table = results
      .map((r) => `${r.ok ? 'PASS' : 'FAIL'} ${r.step}${r.error ? ` -- ${r.error}` : ''}`)
      .join('\n');
    console.log(`real-client scenario:\n${table}`);
    expect(results.filter((r) => !r.ok).map((r) => r.step)).toEqual([]);
  }, 1_800_000);
});
