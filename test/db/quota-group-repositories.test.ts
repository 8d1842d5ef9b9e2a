/**
 * The quota and server group repositories on every dialect: limit upserts
 * for projects, users and classes, the deletes, the lease that serializes a
 * key (across two handles on one database, as two API processes would), and
 * server groups with policy, rules and members.
 */
import { randomUUID } from 'node:crypto';
import { type KnexApiDatabase, openApiDatabase } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type Opened, openSyncedApi } from './db-fixtures.js';

describe.each(DIALECTS)('quota and server group repositories on %s', (dialect) => {
  let o: Opened<KnexApiDatabase>;
  let second: KnexApiDatabase;
  beforeAll(async () => {
    o = await openSyncedApi(dialect);
    second = await openApiDatabase(o.test.url);
  });
  afterAll(async () => {
    await second?.close();
    await o?.close();
  });

  it('stores, overwrites and deletes limits of projects, users and classes', async () => {
    const q = o.db.quotas;
    await q.setLimit('p1', 'instances', 5);
    await q.setLimit('p1', 'instances', 6);
    await q.setLimit('p1', 'cores', -1);
    await q.setLimit('p1', 'instances', 2, 'u1');
    await q.setLimit('p1', 'ram', 1024, 'u2');
    expect(await q.getAllByProject('p1')).toEqual({ instances: 6, cores: -1 });
    expect(await q.getAllByProjectAndUser('p1', 'u1')).toEqual({ instances: 2 });
    expect(await q.listUserQuotasOfProject('p1')).toEqual([
      { user_id: 'u1', resource: 'instances', hard_limit: 2 },
      { user_id: 'u2', resource: 'ram', hard_limit: 1024 },
    ]);
    await q.destroyAllByProjectAndUser('p1', 'u1');
    expect(await q.getAllByProjectAndUser('p1', 'u1')).toEqual({});
    await q.destroyAllByProject('p1');
    expect(await q.getAllByProject('p1')).toEqual({});
    expect(await q.listUserQuotasOfProject('p1')).toEqual([]);
    await q.setClassLimit('default', 'instances', 20);
    await q.setClassLimit('default', 'instances', 30);
    expect(await q.getClass('default')).toEqual({ instances: 30 });
    expect(await q.getClass('gold')).toEqual({});
  });

  it('reads a class, a project and a user limits in one call, each apart', async () => {
    const q = o.db.quotas;
    await q.setClassLimit('silver', 'cores', 40);
    await q.setClassLimit('silver', 'ram', 4096);
    await q.setLimit('p9', 'cores', 8);
    await q.setLimit('p9', 'instances', -1);
    await q.setLimit('p9', 'cores', 4, 'u9');
    await q.setLimit('p9', 'ram', 512, 'other');
    expect(await q.getClassProjectAndUser('silver', 'p9', 'u9')).toEqual({
      quotaClass: { cores: 40, ram: 4096 },
      project: { cores: 8, instances: -1 },
      user: { cores: 4 },
    });
    expect(await q.getClassProjectAndUser('silver', 'p9')).toEqual({
      quotaClass: { cores: 40, ram: 4096 },
      project: { cores: 8, instances: -1 },
      user: {},
    });
    expect(await q.getClassProjectAndUser('bronze', 'nobody', 'u9')).toEqual({
      quotaClass: {},
      project: {},
      user: {},
    });
    await q.destroyAllByProject('p9');
  });

  it('serializes work under one key across handles, and not across keys', async () => {
    const log: string[] = [];
    const work = (db: KnexApiDatabase, key: string, name: string) =>
      db.quotas.serialize(key, async () => {
        log.push(`${name}:in`);
        await new Promise((r) => setTimeout(r, 30));
        log.push(`${name}:out`);
        return name;
      });
    const results = await Promise.all([
      work(o.db, 'project:a', 'a1'),
      work(second, 'project:a', 'a2'),
      work(o.db, 'project:a', 'a3'),
      work(second, 'project:a', 'a4'),
    ]);
    expect(results).toEqual(['a1', 'a2', 'a3', 'a4']);
    for (let i = 0; i < log.length; i += 2) {
      expect(log[i].replace(':in', '')).toBe(log[i + 1].replace(':out', ''));
    }
    // A failing step gives the key back.
    await expect(
      o.db.quotas.serialize('project:a', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await second.quotas.serialize('project:a', async () => 'free')).toBe('free');
    // Different keys run side by side.
    const order: string[] = [];
    let release!: () => void;
    const blocker = o.db.quotas.serialize(
      'project:x',
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    await new Promise((r) => setTimeout(r, 20));
    await second.quotas.serialize('project:y', async () => order.push('y'));
    release();
    await blocker;
    expect(order).toEqual(['y']);
  });

  it('takes over a lease whose holder died', async () => {
    await o.db
      .knex('quota_locks')
      .insert({ lock_key: 'project:dead', holder: 'gone', expires_ms: Date.now() - 1 });
    expect(await o.db.quotas.serialize('project:dead', async () => 'taken')).toBe('taken');
  });

  it('creates, lists, finds by member and deletes server groups', async () => {
    const g = o.db.instanceGroups;
    const uuid = randomUUID();
    const created = await g.create({
      uuid,
      name: 'grp',
      project_id: 'p1',
      user_id: 'u1',
      policy: 'anti-affinity',
      rules: { max_server_per_host: 2 },
    });
    expect(created).toMatchObject({
      uuid,
      name: 'grp',
      policy: 'anti-affinity',
      rules: { max_server_per_host: 2 },
    });
    expect(created.members).toEqual([]);
    const other = await g.create({
      uuid: randomUUID(),
      name: 'o',
      project_id: 'p2',
      user_id: 'u2',
      policy: 'affinity',
      rules: {},
    });
    await g.addMembers(uuid, ['i1', 'i2']);
    await g.addMembers(uuid, ['i2', 'i3']);
    expect((await g.get(uuid)).members).toEqual(['i1', 'i2', 'i3']);
    expect((await g.getByInstance('i2'))?.uuid).toBe(uuid);
    expect(await g.getByInstance('nope')).toBeNull();
    expect(await g.groupUuidOf('i2')).toBe(uuid);
    expect(await g.groupUuidOf('nope')).toBeNull();
    await g.removeMembers(uuid, ['i1']);
    expect((await g.get(uuid)).members).toEqual(['i2', 'i3']);
    expect((await g.list({ project_id: 'p1' })).map((x) => x.uuid)).toEqual([uuid]);
    expect((await g.list({ project_id: null })).map((x) => x.uuid)).toEqual([uuid, other.uuid]);
    expect(await g.destroyMembersBulk(['i3', 'zz'])).toBe(1);
    await g.delete(uuid);
    await expect(g.get(uuid)).rejects.toMatchObject({
      status: 404,
      code: 'compute.instance_group.not_found',
    });
    await expect(g.delete(uuid)).rejects.toMatchObject({ status: 404 });
    await expect(g.addMembers(uuid, ['x'])).rejects.toMatchObject({ status: 404 });
  });
});
