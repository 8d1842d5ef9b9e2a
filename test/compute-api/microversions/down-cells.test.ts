/**
 * 2.69: servers of a cell whose database does not answer. A second cell is
 * mapped to a MariaDB URL on a closed port (refused at once), with one of
 * alice's servers mapped into it; the API database knows its mapping and
 * request spec, as it would for a server booted there before the cell fell.
 */
import { randomUUID } from 'node:crypto';
import { type CellRegistry, ServerTokens } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../../support/cloud.js';
import { ALICE, boot, caller, IMAGE } from './mv-support.js';

let t: TestCloud;
const call = caller(() => t);
let upServer: string;
const downServer = randomUUID();
const downCell = randomUUID();

beforeAll(async () => {
  t = await startTestCloud('sqlite');
  upServer = await boot(call, 'up-cell-server', ALICE);
  const api = t.cloud.apiDatabase;
  await api.cellMappings.create({
    uuid: downCell,
    name: 'cell-down',
    transport_url: 'none:///',
    database_connection: 'mysql+pymysql://root@127.0.0.1:1/nova_down',
    disabled: false,
  });
  const mapping = await api.instanceMappings.get(upServer);
  await api.instanceMappings.create({
    instance_uuid: downServer,
    cell_uuid: downCell,
    project_id: 'proj-a',
    user_id: mapping?.user_id ?? 'alice',
    queued_for_delete: false,
  });
  const spec = await api.requestSpecs.get(upServer);
  if (!spec) throw new Error('the booted server has no request spec');
  await api.requestSpecs.save({ ...spec, instance_uuid: downServer });
  await api.hostMappings.create({ host: 'down-compute', cell_uuid: downCell });
  await t.cloud.scope.resolve<CellRegistry>(ServerTokens.CellRegistry).refresh();
});
afterAll(async () => {
  await t?.stop();
});

const ids = (servers: { id: string }[]) => servers.map((s) => s.id);

describe('2.69 servers of a down cell', () => {
  it('skips them in lists before 2.69 and lists them with status UNKNOWN from 2.69', async () => {
    for (const path of ['/servers', '/servers/detail']) {
      const before = await call('GET', path, '2.68', undefined, ALICE);
      expect(before.status).toBe(200);
      expect(ids(before.body.servers)).toEqual([upServer]);
      const at = await call('GET', path, '2.69', undefined, ALICE);
      expect(at.status).toBe(200);
      expect(ids(at.body.servers)).toEqual([downServer, upServer]);
      if (path === '/servers/detail') expect(at.body.servers[1].status).toBe('ACTIVE');
    }
    const [summary] = (await call('GET', '/servers', '2.69', undefined, ALICE)).body.servers;
    expect(Object.keys(summary).sort()).toEqual(['id', 'links', 'status']);
    expect(summary.status).toBe('UNKNOWN');
    const [detail] = (await call('GET', '/servers/detail', '2.69', undefined, ALICE)).body.servers;
    expect(Object.keys(detail).sort()).toEqual(['created', 'id', 'links', 'status', 'tenant_id']);
    expect(detail).toMatchObject({ status: 'UNKNOWN', tenant_id: 'proj-a' });
    expect(detail.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('skips them from 2.69 too when the list is filtered, sorted or paged, but not for all_tenants', async () => {
    for (const query of ['?name=up', '?sort_key=display_name', '?limit=5']) {
      const res = await call('GET', `/servers${query}`, '2.69', undefined, ALICE);
      expect(ids(res.body.servers), query).toEqual([upServer]);
    }
    const all = await call('GET', '/servers?all_tenants=1', '2.69');
    expect(ids(all.body.servers)).toContain(downServer);
  });

  it('shows one with what its request spec knows from 2.69, and 503 before', async () => {
    const before = await call('GET', `/servers/${downServer}`, '2.68', undefined, ALICE);
    expect(before.status).toBe(503);
    expect(before.body.serviceUnavailable.message).toBe(
      `Cell ${downCell} is not responding or returned an exception, hence instance info is not available.`,
    );
    const at = await call('GET', `/servers/${downServer}`, '2.69', undefined, ALICE);
    expect(at.status).toBe(200);
    expect(at.body.server).toMatchObject({
      id: downServer,
      status: 'UNKNOWN',
      tenant_id: 'proj-a',
      'OS-EXT-STS:power_state': 0,
      'OS-EXT-AZ:availability_zone': 'UNKNOWN',
      image: { id: IMAGE },
      flavor: { vcpus: 1, original_name: 'm1.tiny' },
    });
    expect(at.body.server.user_id).not.toBe('UNKNOWN');
    expect(at.body.server).not.toHaveProperty('name');
    expect(at.body.server).not.toHaveProperty('server_groups');
    expect(
      (await call('GET', `/servers/${downServer}`, '2.71', undefined, ALICE)).body.server.server_groups,
    ).toEqual([]);
  });

  it('keeps other projects out and answers for the up cell as before', async () => {
    expect((await call('GET', `/servers/${downServer}`, '2.69', undefined, 'bob:proj-b')).status).toBe(404);
    expect(ids((await call('GET', '/servers', '2.69', undefined, 'bob:proj-b')).body.servers)).toEqual([]);
    expect((await call('GET', `/servers/${upServer}`, '2.69', undefined, ALICE)).body.server.status).toBe(
      'ACTIVE',
    );
  });
});

describe('2.69 services of a down cell', () => {
  it('leaves them out before 2.69 and shows its compute hosts as UNKNOWN from 2.69', async () => {
    const before = await call('GET', '/os-services', '2.68');
    expect(before.status).toBe(200);
    expect(before.body.services.map((s: { host: string }) => s.host)).not.toContain('down-compute');
    expect(before.body.services.length).toBeGreaterThan(0);
    const at = (await call('GET', '/os-services', '2.69')).body.services;
    expect(at).toContainEqual({ binary: 'nova-compute', host: 'down-compute', status: 'UNKNOWN' });
    expect(at.length).toBe(before.body.services.length + 1);
    const other = await call('GET', '/os-services?binary=nova-scheduler', '2.69');
    expect(other.body.services.map((s: { host: string }) => s.host)).not.toContain('down-compute');
  });
});
