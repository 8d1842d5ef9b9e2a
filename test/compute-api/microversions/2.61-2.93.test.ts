/**
 * Microversions 2.61 to 2.93 at each boundary of a route Novats serves: the
 * request at N-1 and at N, asserting what changes (docs/microversions.md).
 */
import { randomUUID } from 'node:crypto';
import { MIGRATION_PROGRESS_UNREPORTED } from '@novats/core';
import { type CellRegistry, ServerTokens } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestCloud, type TestCloud, waitFor } from '../../support/cloud.js';
import { ALICE, boot, caller, IMAGE, statusAcross, waitForStatus } from './mv-support.js';

let t: TestCloud;
const call = caller(() => t);
let server: string;
let aliceServer: string;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
  server = await boot(call, 'mv-c');
  aliceServer = await boot(call, 'mv-c-alice', ALICE);
});
afterAll(async () => {
  await t?.stop();
});

const act = (id: string, v: string, body: unknown, token?: string) =>
  call('POST', `/servers/${id}/action`, v, body, token);

describe('2.61 flavor extra_specs', () => {
  it('shows extra_specs in flavor details from 2.61', async () => {
    await call('POST', '/flavors/1/os-extra_specs', '2.1', { extra_specs: { 'hw:cpu_policy': 'shared' } });
    expect((await call('GET', '/flavors/1', '2.60')).body.flavor).not.toHaveProperty('extra_specs');
    expect((await call('GET', '/flavors/1', '2.61')).body.flavor.extra_specs).toEqual({
      'hw:cpu_policy': 'shared',
    });
    expect((await call('GET', '/flavors/detail', '2.61')).body.flavors[0]).toHaveProperty('extra_specs');
  });
});

describe('2.62 host and hostId of action events; 2.84 details', () => {
  it('adds hostId (and host for admins) from 2.62 and details from 2.84', async () => {
    const actions = (await call('GET', `/servers/${server}/os-instance-actions`, '2.1')).body.instanceActions;
    const path = `/servers/${server}/os-instance-actions/${actions[0].request_id}`;
    const before = (await call('GET', path, '2.61')).body.instanceAction.events[0];
    expect(before).not.toHaveProperty('hostId');
    const at = (await call('GET', path, '2.62')).body.instanceAction.events[0];
    expect(at.host).toMatch(/^compute\d$/);
    expect(at.hostId).toMatch(/^[0-9a-f]{56}$/);
    expect(at).not.toHaveProperty('details');
    expect((await call('GET', path, '2.84')).body.instanceAction.events[0]).toHaveProperty('details');
  });
});

describe('2.63 trusted_image_certificates', () => {
  it('appears in the server from 2.63', async () => {
    expect((await call('GET', `/servers/${server}`, '2.62')).body.server).not.toHaveProperty(
      'trusted_image_certificates',
    );
    expect(
      (await call('GET', `/servers/${server}`, '2.63')).body.server.trusted_image_certificates,
    ).toBeNull();
  });
});

describe('2.65 abort of queued and preparing live migrations', () => {
  /** A live migration of `server` in `status`, written as the conductor leaves it before the source starts. */
  async function liveMigration(status: 'queued' | 'preparing' | 'completed'): Promise<number> {
    const cells = t.cloud.scope.resolve<CellRegistry>(ServerTokens.CellRegistry);
    const mapping = await t.cloud.apiDatabase.instanceMappings.get(server);
    const cell = await cells.get(mapping?.cell_uuid as string);
    const m = await cell.migrations.create({
      uuid: randomUUID(),
      instance_uuid: server,
      source_compute: 'compute1',
      dest_compute: 'compute2',
      source_node: 'compute1',
      dest_node: 'compute2',
      dest_host: 'compute2',
      old_instance_type_id: null,
      new_instance_type_id: null,
      status,
      migration_type: 'live-migration',
      project_id: 'admin',
      user_id: 'admin',
      ...MIGRATION_PROGRESS_UNREPORTED,
    });
    return m.id;
  }

  it.each(['queued', 'preparing'] as const)('aborts a %s one from 2.65 only', async (status) => {
    const id = await liveMigration(status);
    const path = `/servers/${server}/migrations/${id}`;
    const before = await call('DELETE', path, '2.64');
    expect(before.status).toBe(400);
    expect(before.body.badRequest.message).toBe(
      `Migration ${id} state of instance ${server} is ${status}. Cannot abort live migration while the migration is in this state.`,
    );
    expect((await call('DELETE', path, '2.65')).status).toBe(202);
    const shown = await call('GET', `/os-migrations?instance_uuid=${server}`, '2.65');
    expect(shown.body.migrations.find((m: { id: number }) => m.id === id).status).toBe('cancelled');
  });

  it('still refuses a finished one at 2.65', async () => {
    const id = await liveMigration('completed');
    expect((await call('DELETE', `/servers/${server}/migrations/${id}`, '2.65')).status).toBe(400);
  });
});

describe('2.66 changes-before', () => {
  it('filters instance actions and migrations by changes-before from 2.66', async () => {
    const past = '2000-01-01T00:00:00Z';
    const path = `/servers/${server}/os-instance-actions?changes-before=${past}`;
    expect((await call('GET', path, '2.65')).body.instanceActions.length).toBeGreaterThan(0);
    expect((await call('GET', path, '2.66')).body.instanceActions).toEqual([]);
    const inverted = `/servers/${server}/os-instance-actions?changes-since=2020-01-02T00:00:00Z&changes-before=2020-01-01T00:00:00Z`;
    const bad = await call('GET', inverted, '2.66');
    expect(bad.status).toBe(400);
    expect(bad.body.badRequest.message).toBe(
      'The value of changes-since must be less than or equal to changes-before.',
    );
    expect((await call('GET', `/os-migrations?changes-before=${past}`, '2.66')).body.migrations).toEqual([]);
  });
});

describe('2.68 force removed from evacuate and os-migrateLive', () => {
  it('accepts force up to 2.67 and rejects it from 2.68', async () => {
    const live = { 'os-migrateLive': { host: 'no-such-host', block_migration: 'auto', force: false } };
    const a = await act(server, '2.67', live);
    expect(a.body.badRequest?.message ?? '').not.toMatch(/Additional properties/);
    const b = await act(server, '2.68', live);
    expect(b.status).toBe(400);
    expect(b.body.badRequest.message).toMatch(/Additional properties/);
    const evac = { evacuate: { host: 'compute2', force: false } };
    expect((await act(server, '2.68', evac)).body.badRequest.message).toMatch(/Additional properties/);
  });
});

describe('2.71 server_groups', () => {
  it('shows server_groups in GET/PUT of one server from 2.71, not in the detail list', async () => {
    expect((await call('GET', `/servers/${server}`, '2.70')).body.server).not.toHaveProperty('server_groups');
    expect((await call('GET', `/servers/${server}`, '2.71')).body.server.server_groups).toEqual([]);
    const put = await call('PUT', `/servers/${server}`, '2.71', { server: { name: 'mv-c' } });
    expect(put.body.server.server_groups).toEqual([]);
    expect((await call('GET', '/servers/detail', '2.71')).body.servers[0]).not.toHaveProperty(
      'server_groups',
    );
  });
});

describe('2.73 lock reason', () => {
  it('takes locked_reason and shows it from 2.73', async () => {
    const body = { lock: { locked_reason: 'maintenance' } };
    const [before] = await statusAcross(
      call,
      'POST',
      `/servers/${aliceServer}/action`,
      ['2.72', '2.73'],
      body,
      [202, 202],
      ALICE,
    );
    expect(before.body).toBeNull();
    const s = (await call('GET', `/servers/${aliceServer}`, '2.73', undefined, ALICE)).body.server;
    expect(s).toMatchObject({ locked: true, locked_reason: 'maintenance' });
    expect(
      (await call('GET', `/servers/${aliceServer}`, '2.72', undefined, ALICE)).body.server,
    ).not.toHaveProperty('locked_reason');
    expect((await act(aliceServer, '2.73', { unlock: null }, ALICE)).status).toBe(202);
  });

  it('filters the list by locked from 2.73 (ignored at 2.72)', async () => {
    const ids = async (path: string, v: string) =>
      (await call('GET', path, v, undefined, ALICE)).body.servers.map((x: { id: string }) => x.id);
    expect((await act(aliceServer, '2.73', { lock: null }, ALICE)).status).toBe(202);
    const all = await ids('/servers', '2.73');
    expect(all).toContain(aliceServer);
    expect(await ids('/servers?locked=true', '2.72')).toEqual(all);
    expect(await ids('/servers?locked=true', '2.73')).toEqual([aliceServer]);
    expect(await ids('/servers?locked=false', '2.73')).not.toContain(aliceServer);
    expect((await call('GET', '/servers?locked=maybe', '2.73', undefined, ALICE)).status).toBe(400);
    expect((await act(aliceServer, '2.73', { unlock: null }, ALICE)).status).toBe(202);
    expect(await ids('/servers?locked=true', '2.73')).toEqual([]);
  });
});

describe('2.75 API cleanups', () => {
  it('PUT /servers/{id} answers a partial server before 2.75 and the whole one from 2.75', async () => {
    const body = { server: { name: 'mv-c' } };
    const [before, at] = await statusAcross(
      call,
      'PUT',
      `/servers/${server}`,
      ['2.74', '2.75'],
      body,
      [200, 200],
    );
    for (const k of [
      'OS-EXT-STS:vm_state',
      'OS-EXT-AZ:availability_zone',
      'config_drive',
      'key_name',
      'security_groups',
      'OS-SRV-USG:launched_at',
      'OS-EXT-SRV-ATTR:host',
      'host_status',
    ]) {
      expect(before.body.server, k).not.toHaveProperty(k);
      expect(at.body.server, k).toHaveProperty(k);
    }
    const get = (await call('GET', `/servers/${server}`, '2.75')).body.server;
    expect(Object.keys(at.body.server).sort()).toEqual(Object.keys(get).sort());
  });

  it('rebuild answers the whole server from 2.75', async () => {
    const body = { rebuild: { imageRef: IMAGE } };
    const before = await act(server, '2.74', body);
    expect(before.status).toBe(202);
    expect(before.body.server).not.toHaveProperty('OS-EXT-STS:vm_state');
    expect(before.headers.get('location')).toContain(`/servers/${server}`);
    await waitForStatus(call, server, 'ACTIVE');
    const at = await act(server, '2.75', body);
    expect(at.body.server).toHaveProperty('OS-EXT-STS:vm_state');
    expect(at.body.server).toHaveProperty('user_data');
    expect(at.body.server).not.toHaveProperty('OS-EXT-SRV-ATTR:user_data');
    await waitForStatus(call, server, 'ACTIVE');
  });

  it('flavor swap is "" before 2.75 and 0 from 2.75', async () => {
    expect((await call('GET', '/flavors/1', '2.74')).body.flavor.swap).toBe('');
    expect((await call('GET', '/flavors/1', '2.75')).body.flavor.swap).toBe(0);
  });

  it('hypervisors with_servers always carry servers from 2.75', async () => {
    const list = (await call('GET', '/os-hypervisors?with_servers=true', '2.75')).body.hypervisors;
    expect(list.every((h: { servers?: unknown[] }) => Array.isArray(h.servers))).toBe(true);
    const empty = list.find((h: { servers: unknown[] }) => h.servers.length === 0);
    expect(empty).toBeDefined();
    const old = (await call('GET', '/os-hypervisors?with_servers=true', '2.74')).body.hypervisors;
    expect(old.find((h: { id: string }) => h.id === empty.id)).not.toHaveProperty('servers');
  });
});

describe('2.76 power-update, 2.82 accelerator-request-bound, 2.93 volume-reimaged events', () => {
  it.each([
    ['power-update', '2.75', '2.76', 'POWER_OFF'],
    ['accelerator-request-bound', '2.81', '2.82', 'arq-1'],
    ['volume-reimaged', '2.92', '2.93', 'vol-1'],
  ])('%s is accepted from its microversion', async (name, before, at, tag) => {
    const body = { events: [{ name, server_uuid: server, tag }] };
    const a = await call('POST', '/os-server-external-events', before, body);
    expect(a.status).toBe(400);
    const b = await call('POST', '/os-server-external-events', at, body);
    expect([200, 207]).toContain(b.status);
    expect(b.body.events[0].name).toBe(name);
  });
});

describe('2.77 unshelve availability_zone; 2.91 unshelve host', () => {
  it('validates the unshelve body from 2.77 and takes host from 2.91', async () => {
    // Before 2.77 the body is not read; the server is not shelved: 409.
    const [, at] = await statusAcross(
      call,
      'POST',
      `/servers/${server}/action`,
      ['2.76', '2.77'],
      { unshelve: { availability_zone: 5 } },
      [409, 400],
    );
    expect(at.body.badRequest.message).toMatch(/availability_zone/);
    const host = { unshelve: { host: 'compute1' } };
    await statusAcross(call, 'POST', `/servers/${server}/action`, ['2.90', '2.91'], host, [400, 409]);
  });
});

describe('2.78 topology', () => {
  it('serves GET /servers/{id}/topology from 2.78', async () => {
    const [, at] = await statusAcross(
      call,
      'GET',
      `/servers/${server}/topology`,
      ['2.77', '2.78'],
      undefined,
      [404, 200],
    );
    expect(at.body).toHaveProperty('nodes');
  });
});

describe('2.80 migrations user_id and project_id', () => {
  it('shows and filters by user_id/project_id from 2.80', async () => {
    expect((await act(aliceServer, '2.1', { migrate: null })).status).toBe(202);
    await waitForStatus(call, aliceServer, 'VERIFY_RESIZE', ALICE);
    await act(aliceServer, '2.1', { confirmResize: null }, ALICE);
    // Strict query from 2.59: project_id is an unknown parameter before 2.80.
    expect((await call('GET', '/os-migrations?project_id=nobody', '2.79')).status).toBe(400);
    const before = (await call('GET', '/os-migrations', '2.79')).body.migrations;
    expect(before.length).toBeGreaterThan(0);
    expect(before[0]).not.toHaveProperty('project_id');
    expect((await call('GET', '/os-migrations?project_id=nobody', '2.80')).body.migrations).toEqual([]);
    const mine = (await call('GET', '/os-migrations?project_id=proj-a', '2.80')).body.migrations;
    expect(mine[0]).toMatchObject({ project_id: 'proj-a', user_id: 'alice' });
  });
});

describe('2.88 hypervisor statistics and uptime folded into the hypervisor', () => {
  it('drops the stats fields, statistics and /uptime at 2.88 and shows uptime', async () => {
    const before = (await call('GET', '/os-hypervisors/detail', '2.87')).body.hypervisors[0];
    expect(before).toHaveProperty('vcpus');
    expect(before).not.toHaveProperty('uptime');
    const at = (await call('GET', '/os-hypervisors/detail', '2.88')).body.hypervisors[0];
    for (const k of [
      'vcpus',
      'memory_mb',
      'local_gb',
      'vcpus_used',
      'running_vms',
      'cpu_info',
      'free_ram_mb',
    ]) {
      expect(at, k).not.toHaveProperty(k);
    }
    expect(at).toHaveProperty('uptime');
    await statusAcross(call, 'GET', '/os-hypervisors/statistics', ['2.87', '2.88'], undefined, [200, 404]);
    await statusAcross(
      call,
      'GET',
      `/os-hypervisors/${at.id}/uptime`,
      ['2.87', '2.88'],
      undefined,
      [200, 404],
    );
  });
});

describe('2.90 hostname', () => {
  it('takes hostname at create from 2.90', async () => {
    const server = {
      name: 'mv-host',
      imageRef: IMAGE,
      flavorRef: '1',
      networks: 'none',
      hostname: 'made-here',
    };
    const [, at] = await statusAcross(call, 'POST', '/servers', ['2.89', '2.90'], { server }, [400, 202]);
    const id = at.body.server.id;
    await waitForStatus(call, id, 'ACTIVE');
    expect((await call('GET', `/servers/${id}`, '2.90')).body.server['OS-EXT-SRV-ATTR:hostname']).toBe(
      'made-here',
    );
  });

  it('shows OS-EXT-SRV-ATTR:hostname to owners and takes hostname in PUT from 2.90', async () => {
    expect(
      (await call('GET', `/servers/${aliceServer}`, '2.89', undefined, ALICE)).body.server,
    ).not.toHaveProperty('OS-EXT-SRV-ATTR:hostname');
    expect(
      (await call('GET', `/servers/${aliceServer}`, '2.90', undefined, ALICE)).body.server[
        'OS-EXT-SRV-ATTR:hostname'
      ],
    ).toBeTruthy();
    const body = { server: { hostname: 'renamed-host' } };
    const [, at] = await statusAcross(
      call,
      'PUT',
      `/servers/${aliceServer}`,
      ['2.89', '2.90'],
      body,
      [400, 200],
      ALICE,
    );
    expect(at.body.server['OS-EXT-SRV-ATTR:hostname']).toBe('renamed-host');
  });
});

describe('2.81 image pre-cache on an aggregate', () => {
  it('is 404 before 2.81; from 2.81 casts cache_images to the hosts of the aggregate', async () => {
    const agg = (await call('POST', '/os-aggregates', '2.81', { aggregate: { name: 'precache' } })).body
      .aggregate;
    const host = t.cloud.computes[0];
    const add = { add_host: { host: host.host } };
    expect((await call('POST', `/os-aggregates/${agg.id}/action`, '2.81', add)).status).toBe(200);
    const body = { cache: [{ id: IMAGE }] };
    await statusAcross(call, 'POST', `/os-aggregates/${agg.id}/images`, ['2.80', '2.81'], body, [404, 202]);
    await waitFor('image cached', async () => (host.driver.cachedImages.includes(IMAGE) ? true : undefined));
    for (const other of t.cloud.computes.slice(1)) expect(other.driver.cachedImages).not.toContain(IMAGE);
  });

  it.each([
    ['an unknown image', 'agg', { cache: [{ id: '00000000-0000-4000-8000-000000000000' }] }, 400],
    ['a duplicate image', 'agg', { cache: [{ id: IMAGE }, { id: IMAGE }] }, 400],
    ['an empty list', 'agg', { cache: [] }, 400],
    ['an unknown aggregate', '999999', { cache: [{ id: IMAGE }] }, 404],
    ['a non-integer id', 'abc', { cache: [{ id: IMAGE }] }, 400],
  ])('answers %s with %i', async (_what, id, body, status) => {
    const agg = (await call('GET', '/os-aggregates', '2.81')).body.aggregates[0].id;
    const res = await call('POST', `/os-aggregates/${id === 'agg' ? agg : id}/images`, '2.81', body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
  });

  it('is for admins only', async () => {
    const agg = (await call('GET', '/os-aggregates', '2.81')).body.aggregates[0].id;
    const res = await call('POST', `/os-aggregates/${agg}/images`, '2.81', { cache: [{ id: IMAGE }] }, ALICE);
    expect(res.status).toBe(403);
  });
});

describe('2.86 flavor extra spec validation', () => {
  const specs = (extra_specs: Record<string, string>) => ({ extra_specs });
  it.each([
    ['a bad value of a known key', { 'hw:cpu_policy': 'sometimes' }, "'sometimes' is not one of"],
    ['an unknown key of a known namespace', { 'hw:bogus': '1' }, "extra spec 'hw:bogus' does not appear"],
    ['an out-of-range integer', { 'hw:numa_nodes': '0' }, 'less than the min value'],
    ['an unknown trait', { 'trait:NOT_A_TRAIT': 'required' }, 'does not appear to be a valid'],
  ])('stores %s up to 2.85 and refuses it from 2.86', async (_what, body, message) => {
    const [, at] = await statusAcross(
      call,
      'POST',
      '/flavors/2/os-extra_specs',
      ['2.85', '2.86'],
      specs(body),
      [200, 400],
    );
    expect(at.body.badRequest.message).toContain(message);
  });

  it('checks PUT of one key too, and lets valid and unnamespaced keys through', async () => {
    await statusAcross(
      call,
      'PUT',
      '/flavors/2/os-extra_specs/hw:watchdog_action',
      ['2.85', '2.86'],
      { 'hw:watchdog_action': 'explode' },
      [200, 400],
    );
    const ok = { 'hw:mem_page_size': '2MB', 'resources1:CUSTOM_GOLD': '1', acme: 'x', 'acme:y': 'z' };
    expect((await call('POST', '/flavors/2/os-extra_specs', '2.86', specs(ok))).status).toBe(200);
  });
});

describe('2.92 keypairs need a public key', () => {
  it('generates a key up to 2.91 and refuses to from 2.92; allows @ and . in names', async () => {
    await statusAcross(
      call,
      'POST',
      '/os-keypairs',
      ['2.91', '2.92'],
      { keypair: { name: 'gen92' } },
      [201, 400],
    );
    const gen = (await call('GET', '/os-keypairs/gen92', '2.92')).body.keypair;
    const dotted = { keypair: { name: 'me@host.example', public_key: gen.public_key } };
    await statusAcross(call, 'POST', '/os-keypairs', ['2.91', '2.92'], dotted, [400, 201]);
  });
});

// NOTE(order): last, so its server takes no hypervisor the 2.75 with_servers test needs empty.
describe('2.67 BDMv2 volume_type', () => {
  it('refuses volume_type at 2.66 and takes it from 2.67', async () => {
    const body = {
      server: {
        name: 'vt67',
        imageRef: IMAGE,
        flavorRef: '1',
        networks: 'none',
        block_device_mapping_v2: [
          { source_type: 'image', destination_type: 'local', uuid: IMAGE, boot_index: 0 },
          { source_type: 'blank', destination_type: 'volume', volume_size: 1, volume_type: null },
        ],
      },
    };
    const [before, at] = await statusAcross(call, 'POST', '/servers', ['2.66', '2.67'], body, [400, 202]);
    expect(before.body.badRequest.message).toMatch(/volume_type/);
    await waitForStatus(call, at.body.server.id, 'ACTIVE');
  });
});

describe('2.83 more server list filters for non-admins', () => {
  const ids = async (query: string, v: string, token?: string) => {
    const res = await call('GET', `/servers?${query}`, v, undefined, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.servers.map((s: { id: string }) => s.id) as string[];
  };

  it('ignores them for users before 2.83 and applies them from 2.83', async () => {
    const shown = (await call('GET', `/servers/${aliceServer}`, '2.83', undefined, ALICE)).body.server;
    const az: string = shown['OS-EXT-AZ:availability_zone'];
    expect(az).toBeTruthy();
    for (const miss of [
      'availability_zone=no-such-zone',
      'key_name=no-such-key',
      'config_drive=True',
      'created_at=^1999',
      'launched_at=^1999',
      'terminated_at=.',
      'power_state=7',
      'task_state=rebooting',
      'vm_state=stopped',
      'progress=^99$',
      'user_id=someone-else',
    ]) {
      expect(await ids(miss, '2.82', ALICE), `${miss} at 2.82`).toContain(aliceServer);
      expect(await ids(miss, '2.83', ALICE), `${miss} at 2.83`).not.toContain(aliceServer);
    }
    const year = String(new Date(shown.created).getUTCFullYear());
    for (const hit of [
      `availability_zone=${az.slice(0, 3)}`,
      `created_at=^${year}-`,
      `launched_at=${year}`,
      `power_state=^${shown['OS-EXT-STS:power_state']}$`,
      `vm_state=${shown['OS-EXT-STS:vm_state']}`,
      `user_id=${shown.user_id}`,
    ]) {
      expect(await ids(hit, '2.83', ALICE), `${hit} at 2.83`).toContain(aliceServer);
    }
  });

  it('applies them for admins at every microversion (allow_all_filters)', async () => {
    expect(await ids('all_tenants=1&availability_zone=no-such-zone', '2.1')).toEqual([]);
    expect(await ids('all_tenants=1&vm_state=stopped', '2.1')).not.toContain(aliceServer);
    expect(await ids(`all_tenants=1&user_id=alice`, '2.1')).toContain(aliceServer);
    expect(await ids(`all_tenants=1&user_id=alice`, '2.1')).not.toContain(server);
  });

  it('answers 400 for a pattern that is not a regular expression', async () => {
    const res = await call('GET', '/servers?key_name=(', '2.83', undefined, ALICE);
    expect(res.status).toBe(400);
  });
});

describe('2.87 rescue of volume-backed servers', () => {
  it('refuses a volume-backed rescue before 2.87 and rescues with an image naming hw_rescue_bus/device from 2.87', async () => {
    const created = await call('POST', '/servers', '2.87', {
      server: {
        name: 'mv-bfv-rescue',
        flavorRef: '1',
        networks: 'none',
        block_device_mapping_v2: [
          { source_type: 'image', destination_type: 'volume', uuid: IMAGE, boot_index: 0, volume_size: 1 },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const id: string = created.body.server.id;
    await waitForStatus(call, id, 'ACTIVE');
    const [before, noProps] = await statusAcross(
      call,
      'POST',
      `/servers/${id}/action`,
      ['2.86', '2.87'],
      { rescue: {} },
      [400, 400],
    );
    const refused = `Instance ${id} cannot be rescued: Cannot rescue a volume-backed instance`;
    expect(before.body.badRequest.message).toBe(refused);
    // CirrOS names no hw_rescue_bus/hw_rescue_device: refused at 2.87 too, as Nova.
    expect(noProps.body.badRequest.message).toBe(refused);

    const image = (method: string, path: string, body?: unknown) =>
      http(`${t.cloud.endpoints.image}${path}`, method, body, { 'x-auth-token': 'admin:admin' });
    const rescueImage = await image('POST', '/v2/images', {
      name: 'rescue',
      disk_format: 'qcow2',
      container_format: 'bare',
      visibility: 'public',
      hw_rescue_bus: 'virtio',
      hw_rescue_device: 'disk',
    });
    expect(rescueImage.status).toBe(201);
    const put = await fetch(`${t.cloud.endpoints.image}/v2/images/${rescueImage.body.id}/file`, {
      method: 'PUT',
      headers: { 'x-auth-token': 'admin:admin', 'content-type': 'application/octet-stream' },
      body: Buffer.from('rescue disk'),
    });
    expect(put.status).toBe(204);
    const withImage = { rescue: { rescue_image_ref: rescueImage.body.id } };
    const old = await act(id, '2.86', withImage);
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toBe(refused);
    const ok = await act(id, '2.87', withImage);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    await waitForStatus(call, id, 'RESCUE');
  });
});

describe('2.74 create on a requested host and/or node', () => {
  const create = (v: string, extra: object, token?: string) =>
    call(
      'POST',
      '/servers',
      v,
      { server: { name: 'mv-dest', imageRef: IMAGE, flavorRef: '1', networks: 'none', ...extra } },
      token,
    );

  it('refuses host before 2.74 and builds on the requested host or node from 2.74', async () => {
    const hyps = (await call('GET', '/os-hypervisors/detail', '2.74')).body.hypervisors as {
      hypervisor_hostname: string;
      service: { host: string };
    }[];
    expect(hyps.length).toBeGreaterThan(1);
    const [first, second] = [hyps[hyps.length - 1], hyps[0]];
    expect((await create('2.73', { host: first.service.host })).status).toBe(400);
    expect((await create('2.73', { hypervisor_hostname: first.hypervisor_hostname })).status).toBe(400);
    for (const [extra, want] of [
      [{ host: first.service.host }, first.service.host],
      [{ hypervisor_hostname: second.hypervisor_hostname }, second.service.host],
      [{ host: first.service.host, hypervisor_hostname: first.hypervisor_hostname }, first.service.host],
    ] as const) {
      const res = await create('2.74', extra);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      await waitForStatus(call, res.body.server.id, 'ACTIVE');
      const shown = (await call('GET', `/servers/${res.body.server.id}`, '2.74')).body.server;
      expect(shown['OS-EXT-SRV-ATTR:host'], JSON.stringify(extra)).toBe(want);
    }
  });

  it('answers 400 for an unknown host or node, 403 for users, 400 with zone:host', async () => {
    const unknown = await create('2.74', { host: 'no-such-host' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.badRequest.message).toBe('Compute host no-such-host could not be found.');
    const hyps = (await call('GET', '/os-hypervisors/detail', '2.74')).body.hypervisors;
    const host: string = hyps[0].service.host;
    const wrongNode = await create('2.74', { host, hypervisor_hostname: 'no-such-node' });
    expect(wrongNode.body.badRequest.message).toBe(`Compute host ${host} could not be found.`);
    const noNode = await create('2.74', { hypervisor_hostname: 'no-such-node' });
    expect(noNode.body.badRequest.message).toBe('Compute host no-such-node could not be found.');
    const user = await create('2.74', { host }, ALICE);
    expect(user.status).toBe(403);
    const both = await create('2.74', { host, availability_zone: `nova:${host}` });
    expect(both.status).toBe(400);
    expect(both.body.badRequest.message).toBe(
      'One mechanism with host and/or hypervisor_hostname and another mechanism with zone:host:node are mutually exclusive.',
    );
  });
});

describe('2.90 hostname list filter for users; reservation_id', () => {
  it('ignores hostname from users at 2.89 and applies it at 2.90; reservation_id at every microversion', async () => {
    const ids = async (query: string, v: string) =>
      (await call('GET', `/servers?${query}`, v, undefined, ALICE)).body.servers.map(
        (s: { id: string }) => s.id,
      ) as string[];
    expect(await ids('hostname=^no-such-hostname$', '2.89')).toContain(aliceServer);
    expect(await ids('hostname=^no-such-hostname$', '2.90')).toEqual([]);
    const shown = (await call('GET', `/servers/${aliceServer}`, '2.90', undefined, ALICE)).body.server;
    expect(await ids(`hostname=^${shown['OS-EXT-SRV-ATTR:hostname']}$`, '2.90')).toContain(aliceServer);
    expect(await ids('reservation_id=^r-no-such$', '2.1')).toEqual([]);
    const admin = (await call('GET', `/servers/${aliceServer}`, '2.3')).body.server;
    expect(await ids(`reservation_id=${admin['OS-EXT-SRV-ATTR:reservation_id']}`, '2.1')).toEqual([
      aliceServer,
    ]);
  });
});
