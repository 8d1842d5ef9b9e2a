/**
 * `nova-manage db archive_deleted_rows` and `db purge` on every dialect:
 * soft-deleted instances (with their faults) move to the shadow tables and
 * their API records go, then purge empties the shadow tables. Output and
 * exit codes are Nova's.
 */
import { randomUUID } from 'node:crypto';
import {
  type KnexApiDatabase,
  type KnexCellDatabase,
  openApiDatabase,
  openCellDatabase,
  SHADOWED_TABLES,
} from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeInstance } from '../db/db-fixtures.js';
import { DIALECTS } from '../support/databases.js';
import { createManageWorld, type ManageWorld } from './manage-fixture.js';

describe.each(DIALECTS)('nova-manage db archive_deleted_rows / purge on %s', (dialect) => {
  let world: ManageWorld;
  let api: KnexApiDatabase;
  let cell: KnexCellDatabase;
  let cell1Uuid: string;
  let seq = 0;

  /** An instance with its mapping, request spec and `faults` faults; soft-deleted at `deletedAt` when given. */
  async function boot(opts: { faults?: number; deletedAt?: string } = {}): Promise<string> {
    const uuid = randomUUID();
    seq += 1;
    await cell.instances.create(
      makeInstance({ uuid, created_at: new Date(Date.UTC(2024, 0, 1, 0, 0, seq)).toISOString() }),
    );
    await api.instanceMappings.create({
      instance_uuid: uuid,
      cell_uuid: cell1Uuid,
      project_id: 'p1',
      user_id: 'u1',
      queued_for_delete: false,
    });
    await api.requestSpecs.save({ instance_uuid: uuid } as never);
    for (let i = 0; i < (opts.faults ?? 0); i++)
      await cell.instances.addFault({
        instance_uuid: uuid,
        code: 500,
        message: `boom ${i}`,
        details: '',
        host: 'compute1',
        created_at: new Date().toISOString(),
      });
    if (opts.deletedAt) {
      await cell.instances.softDelete(uuid);
      await cell.knex('instances').where('uuid', uuid).update({ deleted_at: opts.deletedAt });
    }
    return uuid;
  }

  const count = async (table: string) => Number((await cell.knex(table).count({ n: '*' }))[0].n);

  beforeAll(async () => {
    world = await createManageWorld(dialect, 'nm_arch');
    expect((await world.manage('api_db', 'sync')).code).toBe(0);
    expect((await world.manage('db', 'sync')).code).toBe(0);
    const created = await world.manage('cell_v2', 'create_cell', '--name', 'cell1', '--verbose');
    cell1Uuid = created.out.split('\n').pop()!;
    api = await openApiDatabase(world.apiUrl);
    cell = await openCellDatabase(world.cellUrl);
  });

  afterAll(async () => {
    await api?.close();
    await cell?.close();
    await world?.drop();
  });

  it('gives every shadowed table a shadow with the same columns', async () => {
    for (const table of SHADOWED_TABLES) {
      const main = Object.keys(await cell.knex(table).columnInfo()).sort();
      const shadow = Object.keys(await cell.knex(`shadow_${table}`).columnInfo()).sort();
      expect(shadow, table).toEqual(main);
    }
  });

  it('archives by date, by batch and until complete, dropping the API records', async () => {
    const old = await boot({ faults: 1, deletedAt: '2020-06-01 00:00:00.000000' });
    const recent = await boot({ faults: 2, deletedAt: '2024-06-01 00:00:00.000000' });
    const live = await boot({ faults: 1 });
    const later = await boot({ deletedAt: '2024-07-01 00:00:00.000000' });

    const byDate = await world.manage('db', 'archive_deleted_rows', '--before', '2021-01-01', '--verbose');
    expect(byDate.code).toBe(1);
    expect(byDate.out).toMatch(/\| instances\s+\| 1\s+\|/);
    expect(await cell.instances.get(old, { readDeleted: true })).toBeNull();
    expect(await api.instanceMappings.get(old)).toBeNull();
    expect(await api.requestSpecs.get(old)).toBeNull();
    expect(await api.instanceMappings.get(recent)).not.toBeNull();

    const batch = await world.manage('db', 'archive_deleted_rows', '--max_rows', '1', '--verbose');
    expect(batch.code).toBe(1);
    expect(batch.out).toBe(
      [
        '+------------------------------+-------------------------+',
        '| Table                        | Number of Rows Archived |',
        '+------------------------------+-------------------------+',
        '| API_DB.instance_group_member | 0                       |',
        '| API_DB.instance_mappings     | 1                       |',
        '| API_DB.request_specs         | 1                       |',
        '| instance_faults              | 2                       |',
        '| instances                    | 1                       |',
        '+------------------------------+-------------------------+',
      ].join('\n'),
    );
    expect(await api.instanceMappings.get(later)).not.toBeNull();

    const rest = await world.manage('db', 'archive_deleted_rows', '--until-complete', '--verbose');
    expect(rest.code).toBe(1);
    expect(rest.out.split('\n')[0]).toBe('Archiving....complete');
    expect(await api.instanceMappings.get(later)).toBeNull();

    const nothing = await world.manage('db', 'archive_deleted_rows', '--verbose');
    expect(nothing).toMatchObject({ code: 0, out: 'Nothing was archived.' });

    expect(await count('shadow_instances')).toBe(3);
    expect(await count('shadow_instance_faults')).toBe(3);
    expect(await cell.instances.get(live)).not.toBeNull();
    expect((await cell.instances.latestFaults([live])).size).toBe(1);
    expect(await api.instanceMappings.get(live)).not.toBeNull();
  });

  it('purges shadow rows by date, then all, with Nova exit codes', async () => {
    expect(await world.manage('db', 'purge')).toMatchObject({
      code: 1,
      out: 'Either --before or --all is required',
    });
    const bad = await world.manage('db', 'purge', '--before', 'someday');
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('Invalid value for --before: Unknown string format: someday');

    const byDate = await world.manage('db', 'purge', '--before', 'Fri Jan  1 00:00:00 UTC 2021', '--verbose');
    expect(byDate.code).toBe(0);
    expect(byDate.out).toBe('DB: Deleted 1 rows from shadow_instances based on timestamp column deleted_at');
    expect(await count('shadow_instances')).toBe(2);

    const all = await world.manage('db', 'purge', '--all', '--verbose');
    expect(all.code).toBe(0);
    expect(all.out).toContain(
      'DB: Deleted 3 rows from shadow_instance_faults based on timestamp column (n/a)',
    );
    expect(await count('shadow_instances')).toBe(0);
    expect((await world.manage('db', 'purge', '--all')).code).toBe(3);
  });

  it('archives across all cells and purges after, naming each cell', async () => {
    await boot({ deletedAt: '2024-08-01 00:00:00.000000' });
    const r = await world.manage('db', 'archive_deleted_rows', '--all-cells', '--purge', '--verbose');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\| cell1\.instances\s+\| 1\s+\|/);
    expect(r.out).toContain('Rows were archived, running purge...');
    expect(r.out).toContain(
      `Cell ${cell1Uuid}(cell1): Deleted 1 rows from shadow_instances based on timestamp column (n/a)`,
    );
    expect(await count('shadow_instances')).toBe(0);
    expect(await count('instances')).toBe(1);
  });

  it('refuses bad arguments and a missing API database as Nova does', async () => {
    const negative = await world.manage('db', 'archive_deleted_rows', '--max_rows', '-1');
    expect(negative).toMatchObject({ code: 2, out: 'Must supply a positive value for max_rows' });
    expect((await world.manage('db', 'archive_deleted_rows', '--max_rows', '3000000000')).code).toBe(2);
    expect((await world.manage('db', 'archive_deleted_rows', '--max_rows', 'lots')).code).toBe(255);
    const badDate = await world.manage('db', 'archive_deleted_rows', '--before', '2021-02-31');
    expect(badDate.code).toBe(4);
    expect(badDate.out).toContain('Invalid value for --before:');
    const noApi = await world.manageWith(
      ['[database]', `connection = ${world.cellUrl}`],
      'db',
      'archive_deleted_rows',
    );
    expect(noApi.code).toBe(3);
    expect(noApi.out).toContain('Failed to connect to API DB so aborting this archival attempt.');
    const purgeNoApi = await world.manageWith(
      ['[database]', `connection = ${world.cellUrl}`],
      'db',
      'purge',
      '--all',
      '--all-cells',
    );
    expect(purgeNoApi).toMatchObject({
      code: 4,
      out: 'Unable to get cell list from API DB. Is it configured?',
    });
  });
});
