/**
 * os-server-groups on the all-in-one cloud (3 fake hosts): create per
 * microversion with Nova's 400s, show/list/delete with project scoping, the
 * server_groups and server_group_members quotas, and scheduling through the
 * `group` hint: anti-affinity spreads members over hosts until none is left
 * (NoValidHost, ERROR), affinity stacks them, and a deleted server leaves
 * the group's members.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const ADMIN = 'admin:admin';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
});
afterAll(async () => {
  await t?.stop();
});

const call = (method: string, path: string, body?: unknown, token = ADMIN, version = '2.93') =>
  t.compute(method, path, body, token, { 'openstack-api-version': `compute ${version}` });

const createGroup = (body: Record<string, unknown>, token = ADMIN, version = '2.93') =>
  call('POST', '/os-server-groups', { server_group: body }, token, version);

async function bootInGroup(group: string, token: string, name: string): Promise<string> {
  const res = await call(
    'POST',
    '/servers',
    { server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'none' }, 'os:scheduler_hints': { group } },
    token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.server.id;
}

/** The server's status once ACTIVE or ERROR, and its host (read as admin, who sees hosts). */
async function settled(id: string, _token?: string): Promise<{ status: string; host: string | null }> {
  return waitFor(`${id} settled`, async () => {
    const s = (await call('GET', `/servers/${id}`)).body.server;
    if (s.status !== 'ACTIVE' && s.status !== 'ERROR') return undefined;
    return { status: s.status, host: s['OS-EXT-SRV-ATTR:host'] ?? null };
  });
}

describe('os-server-groups API', () => {
  it('creates with policies before 2.64 and policy + rules from 2.64', async () => {
    const old = await createGroup({ name: 'g-old', policies: ['anti-affinity'] }, ADMIN, '2.1');
    expect(old.status).toBe(200);
    expect(old.body.server_group).toEqual({
      id: old.body.server_group.id,
      name: 'g-old',
      policies: ['anti-affinity'],
      members: [],
      metadata: {},
    });
    const v213 = (
      await call('GET', `/os-server-groups/${old.body.server_group.id}`, undefined, ADMIN, '2.13')
    ).body.server_group;
    expect(v213).toMatchObject({ project_id: 'admin', user_id: 'admin', policies: ['anti-affinity'] });
    const v264 = await createGroup({
      name: 'g-new',
      policy: 'anti-affinity',
      rules: { max_server_per_host: 2 },
    });
    expect(v264.status).toBe(200);
    expect(v264.body.server_group).toMatchObject({
      name: 'g-new',
      policy: 'anti-affinity',
      rules: { max_server_per_host: 2 },
      members: [],
      project_id: 'admin',
    });
    expect(v264.body.server_group).not.toHaveProperty('metadata');
    expect(v264.body.server_group).not.toHaveProperty('policies');
    const soft = await createGroup({ name: 's', policies: ['soft-affinity'] }, ADMIN, '2.15');
    expect(soft.body.server_group.policies).toEqual(['soft-affinity']);
  });

  it.each([
    { name: 'soft policy before 2.15', body: { name: 'x', policies: ['soft-affinity'] }, version: '2.14' },
    { name: 'two policies', body: { name: 'x', policies: ['affinity', 'anti-affinity'] }, version: '2.1' },
    { name: 'no name', body: { policies: ['affinity'] }, version: '2.1' },
    { name: 'blank-edged name', body: { name: ' x', policies: ['affinity'] }, version: '2.1' },
    { name: 'policies at 2.64', body: { name: 'x', policies: ['affinity'] }, version: '2.64' },
    { name: 'unknown policy', body: { name: 'x', policy: 'spread' }, version: '2.64' },
    { name: 'rules before 2.64', body: { name: 'x', policies: ['affinity'], rules: {} }, version: '2.63' },
    {
      name: 'max_server_per_host 0',
      body: { name: 'x', policy: 'anti-affinity', rules: { max_server_per_host: 0 } },
      version: '2.64',
    },
  ])('answers 400 for $name', async ({ body, version }) => {
    expect((await createGroup(body, ADMIN, version)).status).toBe(400);
  });

  it('allows rules on anti-affinity only', async () => {
    const res = await createGroup({ name: 'x', policy: 'affinity', rules: { max_server_per_host: 2 } });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe('Only anti-affinity policy supports rules.');
  });

  it('scopes show, list and delete to the project; admins list all_projects', async () => {
    const mine = (await createGroup({ name: 'alice-g', policy: 'affinity' }, 'alice:p-a')).body.server_group;
    expect((await call('GET', `/os-server-groups/${mine.id}`, undefined, 'bob:p-b')).status).toBe(403);
    expect((await call('DELETE', `/os-server-groups/${mine.id}`, undefined, 'bob:p-b')).status).toBe(403);
    const bobs = (await call('GET', '/os-server-groups?all_projects=True', undefined, 'bob:p-b')).body;
    expect(bobs.server_groups).toEqual([]);
    const all = (await call('GET', '/os-server-groups?all_projects=True')).body.server_groups;
    expect(all.map((g: { id: string }) => g.id)).toContain(mine.id);
    const own = (await call('GET', '/os-server-groups')).body.server_groups;
    expect(own.map((g: { id: string }) => g.id)).not.toContain(mine.id);
    const page = (await call('GET', '/os-server-groups?all_projects=1&limit=1&offset=1')).body.server_groups;
    expect(page).toEqual([all[1]]);
    expect((await call('GET', '/os-server-groups?limit=-1')).status).toBe(400);
    expect((await call('GET', '/os-server-groups?sort=x', undefined, ADMIN, '2.75')).status).toBe(400);
    expect((await call('DELETE', `/os-server-groups/${mine.id}`, undefined, 'alice:p-a')).status).toBe(204);
    expect((await call('GET', `/os-server-groups/${mine.id}`, undefined, 'alice:p-a')).status).toBe(404);
  });

  it('enforces the server_groups quota', async () => {
    await call('PUT', '/os-quota-sets/p-sgq', { quota_set: { server_groups: 1 } });
    expect((await createGroup({ name: 'a', policy: 'affinity' }, 'u:p-sgq')).status).toBe(200);
    const over = await createGroup({ name: 'b', policy: 'affinity' }, 'u:p-sgq');
    expect(over.status).toBe(403);
    expect(over.body.forbidden.message).toBe('Quota exceeded, too many server groups.');
    const limits = (await call('GET', '/limits', undefined, 'u:p-sgq')).body.limits.absolute;
    expect(limits).toMatchObject({ maxServerGroups: 1, totalServerGroupsUsed: 1 });
  });
});

describe('server groups in scheduling', () => {
  it('anti-affinity places each member on another host until none is left', async () => {
    const token = 'u:p-anti';
    const g = (await createGroup({ name: 'anti', policy: 'anti-affinity' }, token)).body.server_group;
    const ids: string[] = [];
    const placed: { status: string; host: string | null }[] = [];
    for (const n of [1, 2, 3]) {
      ids.push(await bootInGroup(g.id, token, `anti-${n}`));
      placed.push(await settled(ids[ids.length - 1]));
    }
    expect(placed.map((p) => p.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
    expect(new Set(placed.map((p) => p.host)).size).toBe(3);
    const fourth = await bootInGroup(g.id, token, 'anti-4');
    expect((await settled(fourth, token)).status).toBe('ERROR');
    const fault = (await call('GET', `/servers/${fourth}`, undefined, token)).body.server.fault;
    expect(fault.message).toMatch(/^No valid host was found/);
    const shown = (await call('GET', `/os-server-groups/${g.id}`, undefined, token)).body.server_group;
    expect([...shown.members].sort()).toEqual([...ids, fourth].sort());
    // A deleted server leaves the group, and its host can take a member again.
    expect((await call('DELETE', `/servers/${fourth}`, undefined, token)).status).toBe(204);
    expect((await call('DELETE', `/servers/${ids[0]}`, undefined, token)).status).toBe(204);
    await waitFor('members', async () => {
      const m = (await call('GET', `/os-server-groups/${g.id}`, undefined, token)).body.server_group.members;
      return m.length === 2 ? m : undefined;
    });
    await waitFor('server gone', async () =>
      (await call('GET', `/servers/${ids[0]}`, undefined, token)).status === 404 ? true : undefined,
    );
    const again = await bootInGroup(g.id, token, 'anti-5');
    expect(await settled(again, token)).toEqual({ status: 'ACTIVE', host: placed[0].host });
  });

  it('max_server_per_host lets that many members share a host (2.64)', async () => {
    const token = 'u:p-max';
    const g = (
      await createGroup({ name: 'anti2', policy: 'anti-affinity', rules: { max_server_per_host: 2 } }, token)
    ).body.server_group;
    const placed: { status: string; host: string | null }[] = [];
    for (const n of [1, 2, 3, 4, 5, 6]) placed.push(await settled(await bootInGroup(g.id, token, `m-${n}`)));
    expect(placed.every((p) => p.status === 'ACTIVE')).toBe(true);
    const perHost = new Map<string, number>();
    for (const p of placed) perHost.set(p.host!, (perHost.get(p.host!) ?? 0) + 1);
    expect([...perHost.values()].sort()).toEqual([2, 2, 2]);
  });

  it('affinity keeps members on one host', async () => {
    const token = 'u:p-aff';
    const g = (await createGroup({ name: 'aff', policy: 'affinity' }, token)).body.server_group;
    const a = await settled(await bootInGroup(g.id, token, 'aff-1'), token);
    const b = await settled(await bootInGroup(g.id, token, 'aff-2'), token);
    expect(a.status).toBe('ACTIVE');
    expect(b).toEqual({ status: 'ACTIVE', host: a.host });
  });

  it("shows a member's group in its server_groups (2.71)", async () => {
    const token = 'u:p-show';
    const g = (await createGroup({ name: 'shown', policy: 'affinity' }, token)).body.server_group;
    const id = await bootInGroup(g.id, token, 'shown-1');
    expect((await call('GET', `/servers/${id}`, undefined, token, '2.71')).body.server.server_groups).toEqual(
      [g.id],
    );
    expect((await call('GET', `/servers/${id}`, undefined, token, '2.70')).body.server).not.toHaveProperty(
      'server_groups',
    );
  });

  it('enforces server_group_members and refuses an unknown group', async () => {
    const token = 'u:p-members';
    await call('PUT', '/os-quota-sets/p-members', { quota_set: { server_group_members: 1 } });
    const g = (await createGroup({ name: 'one', policy: 'soft-anti-affinity' }, token)).body.server_group;
    await bootInGroup(g.id, token, 'only');
    const over = await call(
      'POST',
      '/servers',
      {
        server: { name: 'two', imageRef: IMAGE, flavorRef: '1', networks: 'none' },
        'os:scheduler_hints': { group: g.id },
      },
      token,
    );
    expect(over.status).toBe(403);
    expect(over.body.forbidden.message).toBe('Quota exceeded, too many servers in group');
    expect((await call('GET', '/servers', undefined, token)).body.servers).toHaveLength(1);
    const unknown = await call(
      'POST',
      '/servers',
      {
        server: { name: 'x', imageRef: IMAGE, flavorRef: '1', networks: 'none' },
        'os:scheduler_hints': { group: '00000000-0000-0000-0000-000000000000' },
      },
      token,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.badRequest.message).toBe(
      'Instance group 00000000-0000-0000-0000-000000000000 could not be found.',
    );
  });
});
