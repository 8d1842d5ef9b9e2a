import { randomUUID } from 'node:crypto';
import type { Instance, InstanceListQuery } from '@novats/core';
import type { KnexCellDatabase } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { makeInstance, type Opened, openSyncedCell, TINY } from './db-fixtures.js';

describe.each(DIALECTS)('InstanceRepository on %s', (dialect) => {
  let h: Opened<KnexCellDatabase>;
  let repo: KnexCellDatabase['instances'];
  const at = (day: number) => `2024-01-0${day}T00:00:00.000Z`;
  const a = makeInstance({
    display_name: 'web-1',
    host: 'h1',
    vm_state: 'active',
    task_state: null,
    created_at: at(1),
  });
  const b = makeInstance({
    display_name: 'web-2',
    host: 'h2',
    vm_state: 'active',
    task_state: null,
    user_id: 'u2',
    created_at: at(2),
  });
  const c = makeInstance({
    display_name: 'db-1',
    host: 'h1',
    vm_state: 'error',
    task_state: null,
    project_id: 'p2',
    user_id: 'u3',
    created_at: at(3),
  });
  const d = makeInstance({ display_name: 'Web-3', host: 'h1', created_at: at(4) });
  const e = makeInstance({ display_name: 'old', host: 'h1', created_at: at(5) });
  let startedAt: string;

  beforeAll(async () => {
    h = await openSyncedCell(dialect);
    repo = h.db.instances;
    for (const i of [a, b, c, d, e]) await repo.create(i);
    startedAt = new Date(Date.now() - 1000).toISOString();
    await repo.update(b.uuid, { metadata: { touched: 'yes' } });
    await repo.softDelete(e.uuid);
  });
  afterAll(() => h.close());

  const names = (list: Instance[]) => list.map((i) => i.display_name);

  it.each<{ name: string; q: InstanceListQuery; want: string[] }>([
    { name: 'a project, newest first', q: { project_id: 'p1' }, want: ['Web-3', 'web-2', 'web-1'] },
    { name: 'every project', q: {}, want: ['Web-3', 'db-1', 'web-2', 'web-1'] },
    { name: 'user_id', q: { user_id: 'u1' }, want: ['Web-3', 'web-1'] },
    { name: 'uuids', q: { uuids: [a.uuid, c.uuid] }, want: ['db-1', 'web-1'] },
    { name: 'no uuids', q: { uuids: [] }, want: [] },
    { name: 'host', q: { host: 'h1' }, want: ['Web-3', 'db-1', 'web-1'] },
    { name: 'vm_states', q: { vm_states: ['active', 'error'] }, want: ['db-1', 'web-2', 'web-1'] },
    { name: 'name as a word (any case)', q: { name: 'web' }, want: ['Web-3', 'web-2', 'web-1'] },
    { name: 'name as a regex', q: { name: '^w.b-[13]$' }, want: ['Web-3', 'web-1'] },
    { name: 'deleted included', q: { deleted: true }, want: ['old', 'Web-3', 'db-1', 'web-2', 'web-1'] },
    {
      name: 'sort by host asc, ties by created_at asc',
      q: { project_id: 'p1', sort_keys: ['host'], sort_dirs: ['asc'] },
      want: ['web-1', 'Web-3', 'web-2'],
    },
    {
      name: 'two sort keys, two dirs',
      q: { sort_keys: ['host', 'created_at'], sort_dirs: ['desc', 'asc'] },
      want: ['web-2', 'web-1', 'db-1', 'Web-3'],
    },
    {
      name: 'task_state sorts NULL first ascending',
      q: { sort_keys: ['task_state', 'created_at'], sort_dirs: ['asc', 'asc'] },
      want: ['web-1', 'web-2', 'db-1', 'Web-3'],
    },
    { name: 'limit', q: { limit: 2 }, want: ['Web-3', 'db-1'] },
    { name: 'limit 0', q: { limit: 0 }, want: [] },
    { name: 'name regex with limit', q: { name: 'WEB', limit: 2 }, want: ['Web-3', 'web-2'] },
    { name: 'task_states exact', q: { task_states: ['scheduling'] }, want: ['Web-3'] },
    { name: 'task_states with null', q: { task_states: [null], project_id: 'p1' }, want: ['web-2', 'web-1'] },
    { name: 'image_ref', q: { image_ref: 'img-1', project_id: 'p1' }, want: ['Web-3', 'web-2', 'web-1'] },
    { name: 'another image_ref', q: { image_ref: 'img-2' }, want: [] },
    { name: 'instance_type_id', q: { instance_type_id: TINY.id, host: 'h2' }, want: ['web-2'] },
    {
      name: 'created_at as a regex on its text',
      q: { regex: { created_at: '^2024-01-02 00:00' } },
      want: ['web-2'],
    },
    { name: 'power_state as a regex', q: { regex: { power_state: '^0$' }, host: 'h2' }, want: ['web-2'] },
    { name: 'a NULL column never matches', q: { regex: { key_name: '.*' } }, want: [] },
  ])('lists by $name', async ({ q, want }) => {
    expect(names(await repo.list(q))).toEqual(want);
  });

  it('lists changes since a time, deleted rows included', async () => {
    expect(names(await repo.list({ changes_since: startedAt }))).toEqual(['old', 'web-2']);
  });

  it('counts a row never updated as changed when it was created, and an updated row by its update', async () => {
    // web-2 was created on day 2 and updated now; the others were never updated.
    expect(names(await repo.list({ changes_since: at(3) }))).toEqual(['old', 'Web-3', 'db-1', 'web-2']);
    expect(names(await repo.list({ changes_since: at(1), changes_before: at(3) }))).toEqual([
      'db-1',
      'web-1',
    ]);
    expect(names(await repo.list({ changes_before: at(2), deleted: true }))).toEqual(['web-1']);
  });

  it('lists by project, change window, deleted, order and limit the same on either statement path', async () => {
    // A uuids filter holding every row sends the same query down the query builder.
    const every = [a, b, c, d, e].map((i) => i.uuid);
    const later = new Date(Date.now() + 60_000).toISOString();
    const queries: InstanceListQuery[] = [
      { changes_since: startedAt },
      { changes_since: startedAt, project_id: 'p1' },
      { changes_since: startedAt, project_id: null, limit: 1 },
      { changes_since: at(1), changes_before: later, sort_keys: ['display_name'], sort_dirs: ['asc'] },
      { changes_before: later, project_id: 'p1', limit: 2 },
      { changes_since: later },
      { project_id: 'p1', deleted: true, sort_keys: ['host'], sort_dirs: ['desc'] },
      { project_id: 'p2', limit: 5 },
    ];
    for (const q of queries) {
      const plain = await repo.list(q);
      expect(plain).toEqual(await repo.list({ ...q, uuids: every }));
    }
    expect(names(await repo.list({ changes_since: startedAt, project_id: 'p1' }))).toEqual(['old', 'web-2']);
    expect(names(await repo.list({ changes_since: startedAt, limit: 1 }))).toEqual(['old']);
    expect(await repo.list({ changes_since: later })).toEqual([]);
  });

  it.each<{ name: string; q: () => InstanceListQuery; want: string[] }>([
    { name: 'default order', q: () => ({ marker: c.uuid }), want: ['web-2', 'web-1'] },
    { name: 'regex and limit', q: () => ({ name: 'web', marker: d.uuid, limit: 1 }), want: ['web-2'] },
    { name: 'a deleted marker', q: () => ({ marker: e.uuid }), want: ['Web-3', 'db-1', 'web-2', 'web-1'] },
    {
      name: 'NULL sort values',
      q: () => ({ sort_keys: ['task_state'], sort_dirs: ['asc'], marker: b.uuid }),
      want: ['db-1', 'Web-3'],
    },
    {
      name: 'NULL sort values descending',
      q: () => ({ sort_keys: ['task_state'], sort_dirs: ['desc'], marker: d.uuid }),
      want: ['db-1', 'web-2', 'web-1'],
    },
  ])('pages after a marker: $name', async ({ q, want }) => {
    expect(names(await repo.list(q()))).toEqual(want);
  });

  it.each<[InstanceListQuery, string]>([
    [{ marker: 'nope' }, 'marker [nope] not found'],
    [{ sort_keys: ['bogus'] }, 'Invalid sort key: bogus'],
    [{ sort_keys: ['host'], sort_dirs: ['asc', 'desc'] }, 'Sort direction size exceeds sort key size'],
    [{ name: '(' }, 'Invalid regular expression for name: ('],
  ])('rejects %o with InvalidInput', async (q, message) => {
    await expect(repo.list(q)).rejects.toMatchObject({ code: 'nova.invalid_input', status: 400, message });
  });

  it('pages through ties on created_at by uuid without gaps or repeats', async () => {
    const same = Array.from({ length: 11 }, (_, i) =>
      makeInstance({ project_id: 'ties', display_name: `t${i}`, created_at: at(7) }),
    );
    for (const i of same) await repo.create(i);
    const seen: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await repo.list({ project_id: 'ties', limit: 4, marker });
      if (page.length === 0) break;
      seen.push(...page.map((i) => i.uuid));
      marker = page[page.length - 1].uuid;
    }
    expect(seen).toEqual(
      same
        .map((i) => i.uuid)
        .sort()
        .reverse(),
    );
  });

  it('filters by a regex across several SQL batches, honouring limit and marker', async () => {
    const bulk = Array.from({ length: 1300 }, (_, i) =>
      makeInstance({
        project_id: 'bulk',
        display_name: i % 2 ? `other-${i}` : `match-${i}`,
        created_at: new Date(Date.UTC(2024, 1, 1, 0, 0, i)).toISOString(),
      }),
    );
    for (let i = 0; i < bulk.length; i += 100)
      await Promise.all(bulk.slice(i, i + 100).map((x) => repo.create(x)));
    const want = bulk
      .filter((_, i) => i % 2 === 0)
      .reverse()
      .map((x) => x.uuid);
    const first = await repo.list({ project_id: 'bulk', name: '^match-', limit: 600 });
    expect(first.map((x) => x.uuid)).toEqual(want.slice(0, 600));
    const rest = await repo.list({ project_id: 'bulk', name: '^match-', marker: first[599].uuid });
    expect(rest.map((x) => x.uuid)).toEqual(want.slice(600));
  });

  it("counts a project's instances per user in SQL, leaving out deleted and excluded rows", async () => {
    const big = { ...TINY, vcpus: 4, memory_mb: 2048 };
    const mine = [
      makeInstance({ project_id: 'p-count', user_id: 'u1', flavor: big }),
      makeInstance({ project_id: 'p-count', user_id: 'u1' }),
      makeInstance({ project_id: 'p-count', user_id: 'u2', flavor: big }),
      makeInstance({ project_id: 'p-count', user_id: 'u2' }),
    ];
    for (const i of mine) await repo.create(i);
    await repo.softDelete(mine[3].uuid);
    const byUser = async (exclude?: string[]) =>
      Object.fromEntries(
        (await repo.countByUser('p-count', exclude)).map(({ user_id, ...n }) => [user_id, n]),
      );
    const tiny = { cores: TINY.vcpus, ram: TINY.memory_mb };
    expect(await byUser()).toEqual({
      u1: { instances: 2, cores: 4 + tiny.cores, ram: 2048 + tiny.ram },
      u2: { instances: 1, cores: 4, ram: 2048 },
    });
    expect(await byUser([mine[0].uuid, mine[3].uuid])).toEqual({
      u1: { instances: 1, ...tiny },
      u2: { instances: 1, cores: 4, ram: 2048 },
    });
    // More exclusions than one IN list takes: counted, then taken back off.
    const many = [...Array.from({ length: 1200 }, () => randomUUID()), mine[2].uuid, mine[1].uuid];
    expect(await byUser(many)).toEqual({
      u1: { instances: 1, cores: 4, ram: 2048 },
      u2: { instances: 0, cores: 0, ram: 0 },
    });
    expect(await repo.countByUser('p-none')).toEqual([]);
  });

  describe('update', () => {
    it('applies values, bumps updated_at and returns the row', async () => {
      const i = makeInstance({ project_id: 'upd' });
      await repo.create(i);
      const out = await repo.update(i.uuid, {
        vm_state: 'active',
        task_state: null,
        power_state: 1,
        host: 'h9',
        locked: true,
        metadata: { a: 'b' },
      });
      expect(out).toMatchObject({
        vm_state: 'active',
        task_state: null,
        power_state: 1,
        host: 'h9',
        locked: true,
        metadata: { a: 'b' },
      });
      expect(out.updated_at).not.toBeNull();
      expect(Date.parse(out.updated_at!)).toBeGreaterThan(Date.now() - 60_000);
      expect(await repo.get(i.uuid)).toEqual(out);
    });

    it('is a compare-and-swap on task_state and vm_state', async () => {
      const i = makeInstance({ project_id: 'cas', vm_state: 'active', task_state: null });
      await repo.create(i);
      await repo.update(i.uuid, { task_state: 'rebooting' }, { task_state: [null] });
      await expect(
        repo.update(i.uuid, { task_state: 'pausing' }, { task_state: [null] }),
      ).rejects.toMatchObject({
        code: 'compute.instance.unexpected_state',
        status: 409,
        actual: { task_state: 'rebooting', vm_state: 'active' },
      });
      await expect(
        repo.update(i.uuid, { task_state: null }, { task_state: ['rebooting'], vm_state: ['stopped'] }),
      ).rejects.toMatchObject({
        code: 'compute.instance.unexpected_state',
      });
      const done = await repo.update(
        i.uuid,
        { task_state: null },
        { task_state: ['rebooting', 'rebooting_hard'], vm_state: ['active'] },
      );
      expect(done.task_state).toBeNull();
      await expect(repo.update(i.uuid, { task_state: null }, { task_state: [] })).rejects.toMatchObject({
        status: 409,
      });
    });

    it('lets exactly one of two racing guarded updates win', async () => {
      const racers = Array.from({ length: 5 }, () =>
        makeInstance({ project_id: 'race', task_state: 'scheduling' }),
      );
      for (const i of racers) await repo.create(i);
      for (const i of racers) {
        const results = await Promise.allSettled([
          repo.update(i.uuid, { task_state: 'spawning', host: 'h-a' }, { task_state: ['scheduling'] }),
          repo.update(i.uuid, { task_state: 'deleting', host: 'h-b' }, { task_state: ['scheduling'] }),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason.code).toBe('compute.instance.unexpected_state');
        const winner = (won[0] as PromiseFulfilledResult<Instance>).value;
        expect(await repo.get(i.uuid)).toMatchObject({ task_state: winner.task_state, host: winner.host });
      }
    });

    it('rejects a missing or deleted instance with InstanceNotFound', async () => {
      await expect(
        repo.update('00000000-0000-0000-0000-00000000dead', { progress: 1 }),
      ).rejects.toMatchObject({
        code: 'compute.instance.not_found',
      });
      await expect(repo.update(e.uuid, { progress: 1 }, { task_state: [null] })).rejects.toMatchObject({
        status: 404,
      });
    });
  });

  describe('apply', () => {
    it('writes like update under the same guard, returning nothing', async () => {
      const i = makeInstance({ project_id: 'apply', vm_state: 'building', task_state: 'spawning' });
      await repo.create(i);
      const applied = await repo.apply(
        i.uuid,
        { vm_state: 'active', task_state: null, power_state: 1, launched_at: at(6) },
        { task_state: ['spawning'] },
      );
      expect(applied).toBeUndefined();
      const row = await repo.get(i.uuid);
      expect(row).toMatchObject({ vm_state: 'active', task_state: null, power_state: 1, launched_at: at(6) });
      expect(Date.parse(row!.updated_at!)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('rejects a lost race and a missing instance as update does', async () => {
      const i = makeInstance({ project_id: 'apply-cas', vm_state: 'active', task_state: 'deleting' });
      await repo.create(i);
      await expect(
        repo.apply(i.uuid, { task_state: null }, { task_state: ['spawning'] }),
      ).rejects.toMatchObject({
        code: 'compute.instance.unexpected_state',
        actual: { task_state: 'deleting', vm_state: 'active' },
      });
      expect((await repo.get(i.uuid))?.task_state).toBe('deleting');
      await expect(repo.apply(e.uuid, { progress: 1 }, { task_state: [null] })).rejects.toMatchObject({
        status: 404,
      });
    });
  });

  it('soft-deletes idempotently and hides the row unless asked', async () => {
    const i = makeInstance({ project_id: 'del', vm_state: 'active', task_state: 'deleting' });
    await repo.create(i);
    await repo.softDelete(i.uuid);
    await repo.softDelete(i.uuid);
    expect(await repo.get(i.uuid)).toBeNull();
    const gone = await repo.get(i.uuid, { readDeleted: true });
    expect(gone).toMatchObject({ deleted: true, vm_state: 'deleted', task_state: null });
    expect(gone?.deleted_at).not.toBeNull();
    expect(gone?.terminated_at).not.toBeNull();
    expect(await repo.list({ project_id: 'del' })).toEqual([]);
    expect(await repo.list({ project_id: 'del', deleted: true })).toHaveLength(1);
  });

  it("writes a host's last values with the soft delete, and not on a row already deleted", async () => {
    const i = makeInstance({
      project_id: 'del-last',
      vm_state: 'active',
      task_state: 'deleting',
      power_state: 1,
    });
    await repo.create(i);
    const terminated = '2026-11-30T12:00:00.000Z';
    await repo.softDelete(i.uuid, { power_state: 0, task_state: null, terminated_at: terminated });
    const gone = await repo.get(i.uuid, { readDeleted: true });
    expect(gone).toMatchObject({ deleted: true, vm_state: 'deleted', task_state: null, power_state: 0 });
    expect(new Date(gone!.terminated_at!).toISOString()).toBe(terminated);
    await repo.softDelete(i.uuid, { power_state: 4, terminated_at: '2026-12-01T00:00:00.000Z' });
    const still = await repo.get(i.uuid, { readDeleted: true });
    expect(still).toMatchObject({ power_state: 0, deleted_at: gone!.deleted_at });
    expect(new Date(still!.terminated_at!).toISOString()).toBe(terminated);
  });

  it('keeps faults and returns the newest one per instance in one call', async () => {
    const fault = (uuid: string, code: number, created_at: string) => ({
      instance_uuid: uuid,
      code,
      message: `m${code}`.padEnd(300, 'x'),
      details: 'Traceback ...',
      host: 'h1',
      created_at,
    });
    await repo.addFault(fault(a.uuid, 500, '2024-05-01T00:00:00.000Z'));
    await repo.addFault(fault(a.uuid, 409, '2024-05-02T00:00:00.000Z'));
    await repo.addFault(fault(b.uuid, 404, '2024-05-01T00:00:00.000Z'));
    const latest = await repo.latestFaults([a.uuid, b.uuid, c.uuid]);
    expect([...latest.keys()].sort()).toEqual([a.uuid, b.uuid].sort());
    expect(latest.get(a.uuid)).toMatchObject({
      code: 409,
      host: 'h1',
      created_at: '2024-05-02T00:00:00.000Z',
      details: 'Traceback ...',
    });
    expect(latest.get(a.uuid)?.message).toHaveLength(255);
    expect(latest.get(b.uuid)?.code).toBe(404);
    expect((await repo.latestFaults([])).size).toBe(0);
  });

  // NOTE(order): after the unscoped list tests, which see every row.
  it('round-trips every field of an instance', async () => {
    const full = makeInstance({
      metadata: { role: 'db', tier: '1' },
      addresses: [
        { network: 'private', addr: '10.0.0.5', version: 4, type: 'fixed', mac_addr: 'fa:16:3e:00:00:01' },
      ],
      locked: true,
      locked_by: 'admin',
      user_data: 'I2Nsb3VkLWNvbmZpZw==',
      launched_at: '2024-03-04T05:06:07.890Z',
      power_state: 1,
      progress: 42,
      project_id: 'round',
    });
    await repo.create(full);
    expect(await repo.get(full.uuid)).toEqual(full);
    await expect(repo.create(full)).rejects.toMatchObject({ status: 409 });
    expect(await repo.get('00000000-0000-0000-0000-00000000dead')).toBeNull();
  });
});
