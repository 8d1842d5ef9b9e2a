/**
 * Microversions 2.21 to 2.40 at each boundary of a route Novats serves: the
 * request at N-1 and at N, asserting what changes (docs/microversions.md).
 */
import { PRIVATE_NETWORK_ID } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageDiskAndBlankVolume } from '../../support/block-device-mappings.js';
import { startTestCloud, type TestCloud, waitFor } from '../../support/cloud.js';
import { boot, caller, IMAGE, statusAcross, waitForStatus } from './mv-support.js';

let t: TestCloud;
const call = caller(() => t);
let server: string;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
  server = await boot(call, 'mv-a');
});
afterAll(async () => {
  await t?.stop();
});

describe('2.21 instance actions of deleted servers', () => {
  it('lists the actions of a deleted server from 2.21 only', async () => {
    const gone = await boot(call, 'mv-deleted');
    expect((await call('DELETE', `/servers/${gone}`, '2.21')).status).toBe(204);
    await waitFor('deleted', async () =>
      (await call('GET', `/servers/${gone}`, '2.1')).status === 404 ? true : undefined,
    );
    const [, at] = await statusAcross(
      call,
      'GET',
      `/servers/${gone}/os-instance-actions`,
      ['2.20', '2.21'],
      undefined,
      [404, 200],
    );
    expect(at.body.instanceActions.map((a: { action: string }) => a.action)).toContain('delete');
  });
});

describe('2.22-2.24 live migrations of a server; 2.23 migration_type', () => {
  let migrationId: number;
  beforeAll(async () => {
    // A cold migration leaves a migration record of type "migration".
    expect((await call('POST', `/servers/${server}/action`, '2.1', { migrate: null })).status).toBe(202);
    await waitForStatus(call, server, 'VERIFY_RESIZE');
    expect((await call('POST', `/servers/${server}/action`, '2.1', { confirmResize: null })).status).toBe(
      204,
    );
    await waitForStatus(call, server, 'ACTIVE');
    const list = await call('GET', `/os-migrations?instance_uuid=${server}`, '2.23');
    migrationId = list.body.migrations[0].id;
  });

  it('2.22: the force_complete action route exists from 2.22', async () => {
    const path = `/servers/${server}/migrations/${migrationId}/action`;
    const [before, at] = await statusAcross(
      call,
      'POST',
      path,
      ['2.21', '2.22'],
      { force_complete: null },
      [404, 400],
    );
    expect(before.body.itemNotFound.message).toBe('The resource could not be found.');
    expect(at.body.badRequest.message).toMatch(/Cannot force_complete/);
  });

  it('2.23: GET /servers/{id}/migrations[/{id}] and migration_type in /os-migrations', async () => {
    const [, at] = await statusAcross(
      call,
      'GET',
      `/servers/${server}/migrations`,
      ['2.22', '2.23'],
      undefined,
      [404, 200],
    );
    expect(at.body.migrations).toEqual([]);
    const old = await call('GET', '/os-migrations', '2.22');
    expect(old.body.migrations[0]).not.toHaveProperty('migration_type');
    const now = await call('GET', '/os-migrations', '2.23');
    expect(now.body.migrations[0].migration_type).toBe('migration');
    await statusAcross(
      call,
      'GET',
      `/servers/${server}/migrations/${migrationId}`,
      ['2.22', '2.23'],
      undefined,
      [404, 404],
    );
  });

  it('2.24: DELETE /servers/{id}/migrations/{id} (abort) exists from 2.24', async () => {
    const path = `/servers/${server}/migrations/${migrationId}`;
    // NOTE(nova): the path exists at 2.23 (GET) but its DELETE method is versioned: 404, not 405.
    const [before, at] = await statusAcross(call, 'DELETE', path, ['2.23', '2.24'], undefined, [404, 400]);
    expect(before.body.itemNotFound.message).toBe('The resource could not be found.');
    expect(at.body.badRequest.message).toMatch(/Cannot abort live migration/);
  });
});

describe('2.25 os-migrateLive block_migration auto, no disk_over_commit', () => {
  it('takes block_migration "auto" from 2.25 and drops disk_over_commit', async () => {
    const auto = { 'os-migrateLive': { host: null, block_migration: 'auto' } };
    const before = await call('POST', `/servers/${server}/action`, '2.24', auto);
    expect(before.status).toBe(400);
    const old = { 'os-migrateLive': { host: null, block_migration: false, disk_over_commit: false } };
    const at = await call('POST', `/servers/${server}/action`, '2.25', old);
    expect(at.status).toBe(400);
    expect(at.body.badRequest.message).toMatch(/Additional properties are not allowed/);
    expect((await call('POST', `/servers/${server}/action`, '2.25', auto)).status).toBe(202);
    await waitFor('live migrated', async () => {
      const s = (await call('GET', `/servers/${server}`, '2.1')).body.server;
      return s.status === 'ACTIVE' && s['OS-EXT-STS:task_state'] === null ? true : undefined;
    });
  });
});

describe('2.26 server tags', () => {
  it('serves /servers/{id}/tags and shows tags from 2.26', async () => {
    await statusAcross(call, 'PUT', `/servers/${server}/tags/blue`, ['2.25', '2.26'], undefined, [404, 201]);
    const [, at] = await statusAcross(
      call,
      'GET',
      `/servers/${server}/tags`,
      ['2.25', '2.26'],
      undefined,
      [404, 200],
    );
    expect(at.body.tags).toEqual(['blue']);
    expect((await call('GET', `/servers/${server}`, '2.25')).body.server).not.toHaveProperty('tags');
    expect((await call('GET', `/servers/${server}`, '2.26')).body.server.tags).toEqual(['blue']);
  });

  it('filters the list by tags, tags-any, not-tags and not-tags-any from 2.26 (ignored at 2.25)', async () => {
    const ids = async (query: string, v = '2.26'): Promise<string[]> =>
      (await call('GET', `/servers?${query}`, v)).body.servers.map((x: { id: string }) => x.id);
    const untagged = await boot(call, 'mv-untagged');
    const all = await ids('', '2.26');
    expect(all).toEqual(expect.arrayContaining([server, untagged]));
    expect(await ids('tags=blue', '2.25')).toEqual(all);
    expect(await ids('tags=blue')).toEqual([server]);
    expect(await ids('tags=blue,green')).toEqual([]);
    expect(await ids('tags-any=green,blue')).toEqual([server]);
    expect(await ids('not-tags=blue')).toEqual(all.filter((id) => id !== server));
    expect(await ids('not-tags=blue,green')).toEqual(all);
    expect(await ids('not-tags-any=green,blue')).toEqual(all.filter((id) => id !== server));
  });
});

describe('2.28 hypervisor cpu_info as an object', () => {
  it('is a string before 2.28 and an object from 2.28', async () => {
    const before = await call('GET', '/os-hypervisors/detail', '2.27');
    expect(typeof before.body.hypervisors[0].cpu_info).toBe('string');
    const at = await call('GET', '/os-hypervisors/detail', '2.28');
    expect(typeof at.body.hypervisors[0].cpu_info).toBe('object');
    expect(at.body.hypervisors[0].cpu_info).toEqual(JSON.parse(before.body.hypervisors[0].cpu_info));
  });
});

describe('2.29 evacuate force; 2.30 os-migrateLive force', () => {
  it('rejects force in evacuate before 2.29', async () => {
    const body = { evacuate: { host: 'compute2', force: true } };
    const before = await call('POST', `/servers/${server}/action`, '2.28', body);
    expect(before.status).toBe(400);
    expect(before.body.badRequest.message).toMatch(/Additional properties/);
    const at = await call('POST', `/servers/${server}/action`, '2.29', body);
    // Past the schema: the server's host is up, so evacuate is refused by the compute API.
    expect(at.body.badRequest?.message ?? '').not.toMatch(/Additional properties/);
    expect([400, 409]).toContain(at.status);
  });

  it('rejects force in os-migrateLive before 2.30', async () => {
    const body = { 'os-migrateLive': { host: 'no-such-host', block_migration: 'auto', force: false } };
    const before = await call('POST', `/servers/${server}/action`, '2.29', body);
    expect(before.status).toBe(400);
    expect(before.body.badRequest.message).toMatch(/Additional properties/);
    const at = await call('POST', `/servers/${server}/action`, '2.30', body);
    expect(at.body.badRequest?.message ?? '').not.toMatch(/Additional properties/);
  });
});

describe('2.31 console auth tokens of every console type', () => {
  it('shows a noVNC token from 2.31 (only rdp-html5 ones before)', async () => {
    const res = await call('POST', `/servers/${server}/remote-consoles`, '2.6', {
      remote_console: { protocol: 'vnc', type: 'novnc' },
    });
    expect(res.status).toBe(200);
    const token = decodeURIComponent(res.body.remote_console.url).match(/token=([^&]+)/)?.[1];
    expect(token).toBeTruthy();
    const [, at] = await statusAcross(
      call,
      'GET',
      `/os-console-auth-tokens/${token}`,
      ['2.30', '2.31'],
      undefined,
      [401, 200],
    );
    expect(at.body.console.instance_uuid).toBe(server);
  });
});

describe('2.33 hypervisors paging', () => {
  it('ignores limit before 2.33 and pages from 2.33', async () => {
    const before = await call('GET', '/os-hypervisors?limit=1', '2.32');
    expect(before.body.hypervisors).toHaveLength(3);
    const at = await call('GET', '/os-hypervisors?limit=1', '2.33');
    expect(at.body.hypervisors).toHaveLength(1);
    expect(at.body.hypervisors_links[0].rel).toBe('next');
    const next = await call('GET', `/os-hypervisors?limit=1&marker=${at.body.hypervisors[0].id}`, '2.33');
    expect(next.body.hypervisors[0].id).not.toBe(at.body.hypervisors[0].id);
  });
});

describe('2.35 keypairs paging', () => {
  it('ignores limit/marker before 2.35 and pages by name from 2.35', async () => {
    for (const name of ['kp-a', 'kp-b', 'kp-c'])
      await call('POST', '/os-keypairs', '2.2', { keypair: { name } });
    const before = await call('GET', '/os-keypairs?limit=1', '2.34');
    expect(before.body.keypairs).toHaveLength(3);
    expect(before.body).not.toHaveProperty('keypairs_links');
    const at = await call('GET', '/os-keypairs?limit=1&marker=kp-a', '2.35');
    expect(at.body.keypairs.map((k: { keypair: { name: string } }) => k.keypair.name)).toEqual(['kp-b']);
    expect(at.body.keypairs_links[0].href).toContain('marker=kp-b');
  });
});

describe('2.36 proxy APIs and network limits removed', () => {
  it('answers 404 for the image proxy from 2.36', async () => {
    await statusAcross(call, 'GET', '/images', ['2.35', '2.36'], undefined, [200, 404]);
    await statusAcross(call, 'GET', `/images/${IMAGE}`, ['2.35', '2.36'], undefined, [200, 404]);
  });

  it('drops the network limits from /limits at 2.36', async () => {
    const before = (await call('GET', '/limits', '2.35')).body.limits.absolute;
    for (const k of [
      'maxTotalFloatingIps',
      'maxSecurityGroups',
      'maxSecurityGroupRules',
      'totalFloatingIpsUsed',
      'totalSecurityGroupsUsed',
    ]) {
      expect(before, k).toHaveProperty(k);
    }
    const at = (await call('GET', '/limits', '2.36')).body.limits.absolute;
    expect(at).not.toHaveProperty('maxSecurityGroups');
    expect(at).not.toHaveProperty('totalFloatingIpsUsed');
  });
});

describe('2.37 networks required, auto and none', () => {
  it('requires networks from 2.37', async () => {
    const bare = { server: { name: 'n', imageRef: IMAGE, flavorRef: '1' } };
    const [ok, missing] = await statusAcross(call, 'POST', '/servers', ['2.36', '2.37'], bare, [202, 400]);
    expect(missing.body.badRequest.message).toMatch(/networks/);
    await waitForStatus(call, ok.body.server.id, 'ACTIVE');
  });

  it('refuses networks "none" and "auto" before 2.37', async () => {
    for (const networks of ['none', 'auto']) {
      const body = { server: { name: 'n', imageRef: IMAGE, flavorRef: '1', networks } };
      await statusAcross(call, 'POST', '/servers', ['2.36', '2.37'], body, [400, 202]);
    }
  });
});

/** A create body with a blank volume and, at `where`, a device tag. */
function tagged(where: 'networks' | 'bdm', networks: unknown = []): object {
  return {
    server: {
      name: 'tagged',
      imageRef: IMAGE,
      flavorRef: '1',
      networks: where === 'networks' ? [{ uuid: PRIVATE_NETWORK_ID, tag: 'nic' }] : networks,
      block_device_mapping_v2: imageDiskAndBlankVolume(IMAGE, where === 'bdm' ? { tag: 'disk' } : {}),
    },
  };
}

describe('2.32 device tags at create (2.32 only on BDMv2, 2.32 to 2.36 on networks)', () => {
  it('takes tag on networks from 2.32 to 2.36 and refuses it at 2.31 and 2.37', async () => {
    await statusAcross(call, 'POST', '/servers', ['2.31', '2.32'], tagged('networks'), [400, 202]);
    await statusAcross(call, 'POST', '/servers', ['2.36', '2.37'], tagged('networks'), [202, 400]);
  });

  it('takes tag on BDMv2 at 2.32 only', async () => {
    await statusAcross(call, 'POST', '/servers', ['2.31', '2.32'], tagged('bdm'), [400, 202]);
    await statusAcross(call, 'POST', '/servers', ['2.32', '2.33'], tagged('bdm'), [202, 400]);
    // Before 2.37 a BDMv2 without a tag is fine with a list of networks.
    expect((await call('POST', '/servers', '2.33', tagged('networks'))).status).toBe(202);
  });
});

describe('2.38 invalid status filter', () => {
  it('gives an empty list before 2.38 and 400 from 2.38', async () => {
    const [before] = await statusAcross(
      call,
      'GET',
      '/servers?status=NOPE',
      ['2.37', '2.38'],
      undefined,
      [200, 400],
    );
    expect(before.body.servers).toEqual([]);
  });
});

describe('2.39 image metadata proxy and maxImageMeta removed', () => {
  it('answers 404 for /images/{id}/metadata and drops maxImageMeta from 2.39', async () => {
    await statusAcross(call, 'GET', `/images/${IMAGE}/metadata`, ['2.38', '2.39'], undefined, [200, 404]);
    expect((await call('GET', '/limits', '2.38')).body.limits.absolute).toHaveProperty('maxImageMeta');
    expect((await call('GET', '/limits', '2.39')).body.limits.absolute).not.toHaveProperty('maxImageMeta');
  });
});

describe('2.34 live migration pre-checks run after the 202', () => {
  it('answers 400 for a failed pre-check before 2.34; from 2.34 202, then the migration is error with an Error event', async () => {
    const id = await boot(call, 'mv-live-precheck');
    const source: string = (await call('GET', `/servers/${id}`, '2.34')).body.server['OS-EXT-SRV-ATTR:host'];
    const services = (await call('GET', '/os-services?binary=nova-compute', '2.53')).body.services as {
      id: string;
      host: string;
    }[];
    const others = services.filter((svc) => svc.host !== source);
    expect(others.length).toBeGreaterThan(0);
    const setStatus = async (status: 'enabled' | 'disabled') => {
      for (const svc of others) {
        expect((await call('PUT', `/os-services/${svc.id}`, '2.53', { status })).status).toBe(200);
      }
    };
    // With every other host disabled the scheduler finds no destination.
    await setStatus('disabled');
    try {
      const migrations = async () =>
        (await call('GET', `/servers/${id}/migrations`, '2.34')).body.migrations as unknown[];
      const errored = async () =>
        (await call('GET', `/os-migrations?instance_uuid=${id}&migration_type=live-migration`, '2.59')).body
          .migrations as { status: string }[];
      const before = await call('POST', `/servers/${id}/action`, '2.33', {
        'os-migrateLive': { host: null, block_migration: 'auto' },
      });
      expect(before.status, JSON.stringify(before.body)).toBe(400);
      expect(before.body.badRequest.message).toMatch(/^No valid host was found\./);
      expect((await errored()).map((m) => m.status)).toEqual(['error']);
      await waitForStatus(call, id, 'ACTIVE');

      const at = await call('POST', `/servers/${id}/action`, '2.34', {
        'os-migrateLive': { host: null, block_migration: 'auto' },
      });
      expect(at.status, JSON.stringify(at.body)).toBe(202);
      await waitFor('second live migration error', async () =>
        (await errored()).filter((m) => m.status === 'error').length === 2 ? true : undefined,
      );
      expect(await migrations()).toEqual([]);
      const requestId = at.headers.get('x-openstack-request-id');
      const action = (await call('GET', `/servers/${id}/os-instance-actions/${requestId}`, '2.51')).body
        .instanceAction;
      expect(action.action).toBe('live-migration');
      expect(action.events.map((e: { result: string }) => e.result)).toContain('Error');
      await waitForStatus(call, id, 'ACTIVE');
    } finally {
      await setStatus('enabled');
    }
  });
});

describe('the destination’s live migration pre-check', () => {
  it('a destination that refuses the guest fails the request before 2.34 (400) and the migration after the 202 from 2.34; nothing moves', async () => {
    const id = await boot(call, 'mv-live-dest-check');
    const source: string = (await call('GET', `/servers/${id}`, '2.34')).body.server['OS-EXT-SRV-ATTR:host'];
    const refuseOnEveryOtherHost = () => {
      for (const c of t.cloud.computes)
        if (c.host !== source)
          c.driver.faults.failNext('checkCanLiveMigrateDestination', {
            instanceUuid: id,
            message: 'CPU of the destination is not compatible',
          });
    };
    const errored = async () =>
      (
        (await call('GET', `/os-migrations?instance_uuid=${id}&migration_type=live-migration`, '2.59')).body
          .migrations as { status: string }[]
      ).filter((m) => m.status === 'error').length;

    refuseOnEveryOtherHost();
    const before = await call('POST', `/servers/${id}/action`, '2.33', {
      'os-migrateLive': { host: null, block_migration: 'auto' },
    });
    expect(before.status, JSON.stringify(before.body)).toBe(400);
    expect(before.body.badRequest.message).toContain('CPU of the destination is not compatible');
    expect(await errored()).toBe(1);
    await waitForStatus(call, id, 'ACTIVE');
    const hostNow = async () =>
      (await call('GET', `/servers/${id}`, '2.34')).body.server['OS-EXT-SRV-ATTR:host'];
    expect(await hostNow()).toBe(source);

    refuseOnEveryOtherHost();
    const at = await call('POST', `/servers/${id}/action`, '2.34', {
      'os-migrateLive': { host: null, block_migration: 'auto' },
    });
    expect(at.status, JSON.stringify(at.body)).toBe(202);
    await waitFor('the second migration in error', async () => ((await errored()) === 2 ? true : undefined));
    await waitForStatus(call, id, 'ACTIVE');
    expect(await hostNow()).toBe(source);
    // The instance holds its source allocation only: the destination's claim went back.
    const rps = Object.keys(
      (await t.placement('GET', `/allocations/${id}`)).body.allocations as Record<string, unknown>,
    );
    expect(rps).toHaveLength(1);
  });
});
