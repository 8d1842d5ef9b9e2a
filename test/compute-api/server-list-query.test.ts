/**
 * GET /servers and /servers/detail query checks as Nova's: unknown
 * parameters ignored before 2.75 and 400 from 2.75, sort_key/sort_dir
 * validated and applied (host/node for admins only), changes-since and
 * changes-before (2.66) as ISO 8601 times; the image and flavor filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const ALICE = 'alice:proj-a';

let t: TestCloud;
const ids: string[] = [];
beforeAll(async () => {
  t = await startTestCloud('sqlite');
  for (const name of ['bravo', 'alpha', 'charlie']) {
    const res = await call('POST', '/servers', {
      server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'none' },
    });
    ids.push(res.body.server.id);
  }
  for (const id of ids) {
    await waitFor('active', async () =>
      (await call('GET', `/servers/${id}`)).body.server?.status === 'ACTIVE' ? true : undefined,
    );
  }
});
afterAll(async () => {
  await t?.stop();
});

const call = (method: string, path: string, body?: unknown, version = '2.93', token = ALICE) =>
  t.compute(method, path, body, token, { 'openstack-api-version': `compute ${version}` });
const names = (body: { servers: { name: string }[] }) => body.servers.map((s) => s.name);

describe('GET /servers query', () => {
  it('ignores unknown parameters before 2.75 and rejects them from 2.75', async () => {
    expect((await call('GET', '/servers?foo=bar', undefined, '2.74')).status).toBe(200);
    const strict = await call('GET', '/servers/detail?foo=bar', undefined, '2.75');
    expect(strict.status).toBe(400);
    expect(strict.body.badRequest.message).toContain('Invalid input for query parameters');
    expect((await call('GET', '/servers?name=alpha&status=ACTIVE&limit=5', undefined, '2.75')).status).toBe(
      200,
    );
  });

  it('sorts by sort_key/sort_dir and validates them', async () => {
    expect(names((await call('GET', '/servers?sort_key=display_name&sort_dir=asc')).body)).toEqual([
      'alpha',
      'bravo',
      'charlie',
    ]);
    expect(names((await call('GET', '/servers/detail?sort_key=display_name&sort_dir=desc')).body)).toEqual([
      'charlie',
      'bravo',
      'alpha',
    ]);
    // Default: newest first.
    expect(names((await call('GET', '/servers')).body)).toEqual(['charlie', 'alpha', 'bravo']);
    // A key Nova ignores is accepted and has no effect.
    expect(names((await call('GET', '/servers?sort_key=vcpus')).body)).toEqual(['charlie', 'alpha', 'bravo']);
    expect((await call('GET', '/servers?sort_key=bogus', undefined, '2.1')).status).toBe(400);
    expect((await call('GET', '/servers?sort_dir=up', undefined, '2.1')).status).toBe(400);
    const host = await call('GET', '/servers?sort_key=host');
    expect(host.status).toBe(403);
    expect(host.body.forbidden.message).toBe('Only administrators can sort servers by host');
    expect(
      (await call('GET', '/servers?sort_key=host&all_tenants=1', undefined, '2.93', 'admin:admin')).status,
    ).toBe(200);
    expect((await call('GET', '/servers?sort_key=display_name&sort_dir=asc&sort_dir=desc')).status).toBe(400);
  });

  it('checks changes-since and changes-before (2.66)', async () => {
    const bad = await call('GET', '/servers?changes-since=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.badRequest.message).toContain('changes-since');
    expect((await call('GET', '/servers?changes-before=soon', undefined, '2.66')).status).toBe(400);
    expect((await call('GET', '/servers?changes-before=soon', undefined, '2.65')).status).toBe(200);
    const past = '2000-01-01T00:00:00Z';
    expect((await call('GET', `/servers?changes-before=${past}`, undefined, '2.66')).body.servers).toEqual(
      [],
    );
    const future = '2999-01-01T00:00:00Z';
    expect(
      (await call('GET', `/servers?changes-before=${future}`, undefined, '2.66')).body.servers,
    ).toHaveLength(3);
    const reversed = await call(
      'GET',
      `/servers?changes-since=${future}&changes-before=${past}`,
      undefined,
      '2.66',
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.badRequest.message).toBe(
      'The value of changes-since must be less than or equal to changes-before.',
    );
  });
});

describe('GET /servers image and flavor filters', () => {
  it('filters by image (exact image_ref) and flavor (by flavor id; an unknown one matches nothing)', async () => {
    const all = names((await call('GET', '/servers', undefined, '2.1')).body).sort();
    expect(all).toEqual(['alpha', 'bravo', 'charlie']);
    expect(names((await call('GET', `/servers?image=${IMAGE}`, undefined, '2.1')).body).sort()).toEqual(all);
    expect((await call('GET', '/servers?image=0000', undefined, '2.1')).body.servers).toEqual([]);
    expect(names((await call('GET', '/servers?flavor=1', undefined, '2.1')).body).sort()).toEqual(all);
    expect((await call('GET', '/servers?flavor=2', undefined, '2.1')).body.servers).toEqual([]);
    const unknown = await call('GET', '/servers?flavor=no-such-flavor', undefined, '2.1');
    expect(unknown.status).toBe(200);
    expect(unknown.body.servers).toEqual([]);
  });
});
