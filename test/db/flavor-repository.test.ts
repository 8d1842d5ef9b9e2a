import { DEFAULT_FLAVORS, type Flavor } from '@novats/core';
import type { KnexApiDatabase } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type Opened, openSyncedApi } from './db-fixtures.js';

type NewFlavor = Omit<Flavor, 'id' | 'created_at' | 'updated_at'>;
const base = DEFAULT_FLAVORS[0];
const flavor = (o: Partial<NewFlavor>): NewFlavor => ({ ...base, ...o });

describe.each(DIALECTS)('FlavorRepository on %s', (dialect) => {
  let h: Opened<KnexApiDatabase>;
  let repo: KnexApiDatabase['flavors'];

  beforeAll(async () => {
    h = await openSyncedApi(dialect);
    repo = h.db.flavors;
    for (const f of DEFAULT_FLAVORS) await repo.create(f);
    await repo.create(
      flavor({ flavorid: 'priv', name: 'private.big', memory_mb: 32768, root_gb: 500, is_public: false }),
    );
    await repo.create(
      flavor({
        flavorid: 'gpu',
        name: 'gpu.small',
        memory_mb: 4096,
        extra_specs: { 'resources:VGPU': '1', 'hw:cpu_policy': 'dedicated' },
      }),
    );
    await repo.addProjectAccess('priv', 'proj-a');
  });
  afterAll(() => h.close());

  const ids = (fs: Flavor[]) => fs.map((f) => f.flavorid);

  it('creates and reads back a flavor with its extra specs, booleans and timestamps', async () => {
    const f = await repo.getByFlavorId('gpu');
    expect(f).toMatchObject({
      name: 'gpu.small',
      memory_mb: 4096,
      is_public: true,
      disabled: false,
      rxtx_factor: 1,
    });
    expect(f.extra_specs).toEqual({ 'resources:VGPU': '1', 'hw:cpu_policy': 'dedicated' });
    expect(f.id).toBeGreaterThan(0);
    expect(f.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(f.updated_at).toBeNull();
  });

  it('rejects an unknown flavorid with FlavorNotFound', async () => {
    await expect(repo.getByFlavorId('nope')).rejects.toMatchObject({
      code: 'compute.flavor.not_found',
      status: 404,
    });
  });

  it.each([
    ['a duplicate flavorid', { flavorid: '1', name: 'other' }, /Flavor with ID 1 already exists/],
    ['a duplicate name', { flavorid: 'x1', name: 'm1.tiny' }, /Flavor with name m1.tiny already exists/],
  ])('rejects %s with Conflict', async (_n, o, msg) => {
    await expect(repo.create(flavor(o))).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(msg),
    });
  });

  it.each([
    { name: 'default (flavorid asc)', q: {}, want: ['1', '2', '3', '4', '5', 'gpu', 'priv'] },
    { name: 'public only', q: { is_public: true }, want: ['1', '2', '3', '4', '5', 'gpu'] },
    { name: 'private only', q: { is_public: false }, want: ['priv'] },
    {
      name: 'public plus project access',
      q: { is_public: true, project_id: 'proj-a' },
      want: ['1', '2', '3', '4', '5', 'gpu', 'priv'],
    },
    {
      name: 'public, other project',
      q: { is_public: true, project_id: 'proj-b' },
      want: ['1', '2', '3', '4', '5', 'gpu'],
    },
    { name: 'min_memory_mb', q: { min_memory_mb: 8192 }, want: ['4', '5', 'priv'] },
    { name: 'min_root_gb', q: { min_root_gb: 80 }, want: ['4', '5', 'priv'] },
    {
      name: 'sort by memory_mb desc',
      q: { sort_key: 'memory_mb', sort_dir: 'desc' as const },
      want: ['priv', '5', '4', 'gpu', '3', '2', '1'],
    },
    { name: 'limit', q: { limit: 2 }, want: ['1', '2'] },
    { name: 'limit 0', q: { limit: 0 }, want: [] },
    { name: 'marker', q: { marker: '2', limit: 2 }, want: ['3', '4'] },
    {
      name: 'marker with desc sort',
      q: { sort_key: 'memory_mb', sort_dir: 'desc' as const, marker: '4' },
      want: ['gpu', '3', '2', '1'],
    },
    {
      name: 'marker on a tie (memory 4096)',
      q: { sort_key: 'memory_mb', marker: '3' },
      want: ['gpu', '4', '5', 'priv'],
    },
  ])('lists $name', async ({ q, want }) => {
    expect(ids(await repo.list(q))).toEqual(want);
  });

  it('pages through every flavor with limit and marker without gaps', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await repo.list({ sort_key: 'memory_mb', limit: 3, marker });
      if (page.length === 0) break;
      seen.push(...ids(page));
      marker = page[page.length - 1].flavorid;
    }
    expect(seen).toEqual(ids(await repo.list({ sort_key: 'memory_mb' })));
    expect(seen).toHaveLength(7);
  });

  it('loads extra specs in list', async () => {
    const [gpu] = await repo.list({ sort_key: 'memory_mb', limit: 1, marker: '3' });
    expect(gpu.flavorid).toBe('gpu');
    expect(gpu.extra_specs['resources:VGPU']).toBe('1');
  });

  it.each([
    [{ marker: 'missing' }, 'marker [missing] not found'],
    [{ sort_key: 'bogus' }, 'Invalid sort key: bogus'],
  ])('rejects %o with InvalidInput', async (q, msg) => {
    await expect(repo.list(q)).rejects.toMatchObject({ code: 'nova.invalid_input', message: msg });
  });

  it('manages the access list of a private flavor', async () => {
    expect(await repo.listProjectAccess('priv')).toEqual(['proj-a']);
    await expect(repo.addProjectAccess('priv', 'proj-a')).rejects.toMatchObject({ status: 409 });
    await repo.addProjectAccess('priv', 'proj-c');
    expect(await repo.listProjectAccess('priv')).toEqual(['proj-a', 'proj-c']);
    expect(ids(await repo.list({ is_public: true, project_id: 'proj-c' }))).toContain('priv');
    await repo.removeProjectAccess('priv', 'proj-c');
    await expect(repo.removeProjectAccess('priv', 'proj-c')).rejects.toMatchObject({ status: 404 });
    await expect(repo.listProjectAccess('nope')).rejects.toMatchObject({ code: 'compute.flavor.not_found' });
    expect(await repo.listProjectAccess('1')).toEqual([]);
  });

  it('updates and deletes extra specs and the description', async () => {
    expect(
      await repo.updateExtraSpecs('gpu', { 'resources:VGPU': '2', 'hw:mem_page_size': 'large' }),
    ).toEqual({
      'resources:VGPU': '2',
      'hw:cpu_policy': 'dedicated',
      'hw:mem_page_size': 'large',
    });
    await repo.deleteExtraSpec('gpu', 'hw:mem_page_size');
    await expect(repo.deleteExtraSpec('gpu', 'hw:mem_page_size')).rejects.toMatchObject({ status: 404 });
    const f = await repo.update('gpu', { description: 'one vGPU' });
    expect(f.description).toBe('one vGPU');
    expect(f.updated_at).not.toBeNull();
    expect(f.extra_specs).toEqual({ 'resources:VGPU': '2', 'hw:cpu_policy': 'dedicated' });
  });

  it('deletes a flavor with its specs and access, then reports it missing', async () => {
    const f = await repo.create(
      flavor({ flavorid: 'tmp', name: 'tmp', is_public: false, extra_specs: { a: 'b' } }),
    );
    await repo.addProjectAccess('tmp', 'proj-a');
    await repo.delete('tmp');
    await expect(repo.delete('tmp')).rejects.toMatchObject({ code: 'compute.flavor.not_found' });
    const orphans = await h.db.knex('flavor_extra_specs').where('flavor_id', f.id);
    expect(orphans).toEqual([]);
    // The name and flavorid can be reused once deleted.
    await repo.create(flavor({ flavorid: 'tmp', name: 'tmp' }));
    await repo.delete('tmp');
  });
});
