/**
 * The cells v2 maintenance commands of nova-manage on every dialect:
 * simple_cell_setup, map_instances in batches, verify_instance's five
 * answers, update_cell, delete_host and delete_cell with their refusals, and
 * api_db sync creating the placement schema. Exit codes and words are Nova's.
 */
import { randomUUID } from 'node:crypto';
import { CELL0_UUID } from '@novats/core';
import {
  type KnexApiDatabase,
  type KnexCellDatabase,
  openApiDatabase,
  openCellDatabase,
  syncCellDatabase,
} from '@novats/drivers';
import knex from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knexConfig } from '../../packages/drivers/src/db/connection-url.js';
import { makeInstance } from '../db/db-fixtures.js';
import { DIALECTS } from '../support/databases.js';
import { computeNode, createManageWorld, type ManageWorld } from './manage-fixture.js';

describe.each(DIALECTS)('nova-manage cell_v2 maintenance on %s', (dialect) => {
  let world: ManageWorld;
  let api: KnexApiDatabase;
  let cell: KnexCellDatabase;
  let cell1Uuid: string;
  let seq = 0;

  async function boot(db: KnexCellDatabase, overrides: { host?: string } = {}): Promise<string> {
    const uuid = randomUUID();
    seq += 1;
    await db.instances.create(
      makeInstance({
        uuid,
        created_at: new Date(Date.UTC(2024, 0, 1, 0, 0, seq)).toISOString(),
        ...overrides,
      }),
    );
    return uuid;
  }

  const mappedFlags = async (db: KnexCellDatabase) =>
    Object.fromEntries(
      (await db.knex('compute_nodes').select('host', 'mapped')).map((r) => [r.host, Number(r.mapped)]),
    );

  beforeAll(async () => {
    world = await createManageWorld(dialect, 'nm_cells');
    expect((await world.manage('api_db', 'sync')).code).toBe(0);
    expect((await world.manage('cell_v2', 'map_cell0', '--database_connection', world.cell0Url)).code).toBe(
      0,
    );
    expect((await world.manage('db', 'sync')).code).toBe(0);
    api = await openApiDatabase(world.apiUrl);
    cell = await openCellDatabase(world.cellUrl);
  });

  afterAll(async () => {
    await api?.close();
    await cell?.close();
    await world?.drop();
  });

  it('api_db sync creates the placement tables in the API database, or in [placement_database]', async () => {
    expect(await api.knex.schema.hasTable('resource_providers')).toBe(true);
    expect(Number((await api.knex('traits').count({ n: '*' }))[0].n)).toBeGreaterThan(100);
    const placementUrl = await world.extraDatabase('placement');
    const apiOnly = await world.extraDatabase('api2');
    const r = await world.manageWith(
      ['[api_database]', `connection = ${apiOnly}`, '[placement_database]', `connection = ${placementUrl}`],
      'api_db',
      'sync',
    );
    expect(r.code).toBe(0);
    for (const [url, cellTables, placementTables] of [
      [apiOnly, true, false],
      [placementUrl, false, true],
    ] as const) {
      const k = knex(knexConfig(url));
      try {
        expect(await k.schema.hasTable('cell_mappings')).toBe(cellTables);
        expect(await k.schema.hasTable('resource_providers')).toBe(placementTables);
      } finally {
        await k.destroy();
      }
    }
  });

  it('simple_cell_setup maps cell0, the hosts and the instances of [database]', async () => {
    const empty = await world.manage('cell_v2', 'simple_cell_setup');
    expect(empty.code).toBe(1);
    expect(empty.out.split('\n')).toEqual([
      '--transport-url not provided in the command line, using the value [DEFAULT]/transport_url from the configuration file',
      'Cell0 is already setup',
      'No hosts found to map to cell, exiting.',
    ]);
    expect(
      (await world.manage('cell_v2', 'simple_cell_setup', '--transport-url', 'rabbit:/broken')).code,
    ).toBe(1);

    for (const host of ['compute1', 'compute2']) await cell.computeNodes.save(computeNode(host));
    const first = await boot(cell, { host: 'compute1' });
    const done = await world.manage('cell_v2', 'simple_cell_setup');
    expect(done.code).toBe(0);
    const cells = await api.cellMappings.list();
    const cell1 = cells.find((c) => c.uuid !== CELL0_UUID)!;
    cell1Uuid = cell1.uuid;
    expect(cell1).toMatchObject({
      name: null,
      transport_url: world.transportUrl,
      database_connection: world.cellUrl,
    });
    expect((await api.hostMappings.list()).map((h) => [h.host, h.cell_uuid]).sort()).toEqual([
      ['compute1', cell1Uuid],
      ['compute2', cell1Uuid],
    ]);
    expect((await api.instanceMappings.get(first))?.cell_uuid).toBe(cell1Uuid);
    expect(await mappedFlags(cell)).toEqual({ compute1: 1, compute2: 1 });
    const again = await world.manage('cell_v2', 'simple_cell_setup');
    expect(again.code).toBe(0);
    expect(again.out).toContain('All hosts are already mapped to cell(s).');
  });

  it('map_instances maps in batches of --max-count, resuming, and --reset starts over', async () => {
    const uuids: string[] = [];
    for (let i = 0; i < 4; i++) uuids.push(await boot(cell));
    await cell.instances.softDelete(uuids[3]); // deleted instances are mapped too
    // 5 instances in the cell (1 already mapped): batches of 2 end after the third run.
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        (await world.manage('cell_v2', 'map_instances', '--cell_uuid', cell1Uuid, '--max-count', '2')).code,
      );
    expect(codes).toEqual([1, 1, 0]);
    for (const u of uuids) expect((await api.instanceMappings.get(u))?.cell_uuid).toBe(cell1Uuid);
    expect(await api.instanceMappings.list({ project_id: 'INSTANCE_MIGRATION_MARKER' })).toEqual([]);

    const partial = await world.manage(
      'cell_v2',
      'map_instances',
      '--cell_uuid',
      cell1Uuid,
      '--max-count',
      '1',
    );
    expect(partial.code).toBe(1);
    const [marker] = await api.instanceMappings.list({ project_id: 'INSTANCE_MIGRATION_MARKER' });
    expect(marker.instance_uuid).toMatch(/^[0-9a-f]{8} [0-9a-f]{4} /);
    expect((await world.manage('cell_v2', 'map_instances', '--cell_uuid', cell1Uuid, '--reset')).code).toBe(
      0,
    );
    expect(await api.instanceMappings.list({ project_id: 'INSTANCE_MIGRATION_MARKER' })).toEqual([]);

    const bad = await world.manage('cell_v2', 'map_instances', '--cell_uuid', cell1Uuid, '--max-count', '0');
    expect(bad).toMatchObject({ code: 127, out: 'Must supply a positive value for max-count' });
    expect((await world.manage('cell_v2', 'map_instances', '--cell_uuid', randomUUID())).code).toBe(255);
    expect((await world.manage('cell_v2', 'map_instances')).code).toBe(2);
  });

  it('verify_instance answers 0 to 4', async () => {
    const live = await boot(cell);
    await api.instanceMappings.create({
      instance_uuid: live,
      cell_uuid: cell1Uuid,
      project_id: 'p1',
      user_id: 'u1',
      queued_for_delete: false,
    });
    const ok = await world.manage('cell_v2', 'verify_instance', '--uuid', live);
    expect(ok).toMatchObject({ code: 0, out: `Instance ${live} is in cell: None (${cell1Uuid})` });
    expect(await world.manage('cell_v2', 'verify_instance', '--uuid', live, '--quiet')).toMatchObject({
      code: 0,
      out: '',
    });

    const unknown = randomUUID();
    expect((await world.manage('cell_v2', 'verify_instance', '--uuid', unknown)).out).toBe(
      `Instance ${unknown} is not mapped to a cell (upgrade is incomplete) or instance does not exist`,
    );
    expect((await world.manage('cell_v2', 'verify_instance', '--uuid', unknown)).code).toBe(1);

    const building = randomUUID();
    await api.instanceMappings.create({
      instance_uuid: building,
      cell_uuid: null,
      project_id: 'p1',
      user_id: 'u1',
      queued_for_delete: false,
    });
    expect(await world.manage('cell_v2', 'verify_instance', '--uuid', building)).toMatchObject({
      code: 2,
      out: `Instance ${building} is not mapped to a cell`,
    });

    await cell.instances.softDelete(live);
    const deleted = await world.manage('cell_v2', 'verify_instance', '--uuid', live);
    expect(deleted.code).toBe(3);
    expect(deleted.out).toContain(`The instance with uuid ${live} has been deleted.`);

    expect((await world.manage('db', 'archive_deleted_rows', '--max_rows', '100')).code).toBe(1);
    // Archiving dropped the mapping; one left behind (as after a failed cleanup) answers 4.
    await api.instanceMappings.create({
      instance_uuid: live,
      cell_uuid: cell1Uuid,
      project_id: 'p1',
      user_id: 'u1',
      queued_for_delete: false,
    });
    const archived = await world.manage('cell_v2', 'verify_instance', '--uuid', live);
    expect(archived.code).toBe(4);
    expect(archived.out).toBe(
      `The instance with uuid ${live} has been archived.\nHowever its instance_mapping remains.`,
    );
    expect((await world.manage('cell_v2', 'verify_instance')).code).toBe(2);
  });

  it('update_cell renames, re-points and disables a cell, with cell0 and duplicate rules', async () => {
    const cell2Db = await world.extraDatabase('cell2');
    const created = await world.manage(
      'cell_v2',
      'create_cell',
      '--name',
      'cell2',
      '--transport-url',
      'rabbit://nova:pw@cell2-mq:5672/',
      '--database_connection',
      cell2Db,
      '--verbose',
    );
    const cell2 = created.out.split('\n').pop()!;
    const up = (...args: string[]) => world.manage('cell_v2', 'update_cell', '--cell_uuid', cell2, ...args);

    expect((await up('--name', 'cell-two', '--transport-url', 'rabbit://nova:pw@cell2-mq2:5672/')).code).toBe(
      0,
    );
    expect(await api.cellMappings.get(cell2)).toMatchObject({
      name: 'cell-two',
      transport_url: 'rabbit://nova:pw@cell2-mq2:5672/',
      database_connection: cell2Db,
      disabled: false,
    });
    expect((await up('--disable')).code).toBe(0);
    expect((await api.cellMappings.get(cell2))?.disabled).toBe(true);
    expect(await up('--disable')).toMatchObject({ code: 0, out: `Cell ${cell2} is already disabled` });
    expect((await up('--enable')).code).toBe(0);
    expect((await api.cellMappings.get(cell2))?.disabled).toBe(false);
    expect(await up('--disable', '--enable')).toMatchObject({
      code: 4,
      out: 'Cell cannot be disabled and enabled at the same time.',
    });
    const dup = await up('--database_connection', world.cellUrl);
    expect(dup.code).toBe(3);
    expect(dup.out).toContain(`already exists for another cell with uuid ${cell1Uuid}`);
    expect(
      await world.manage('cell_v2', 'update_cell', '--cell_uuid', CELL0_UUID, '--disable'),
    ).toMatchObject({ code: 5, out: 'Cell0 cannot be disabled.' });
    expect(
      (await world.manage('cell_v2', 'update_cell', '--cell_uuid', CELL0_UUID, '--name', 'zero')).code,
    ).toBe(0);
    const missing = randomUUID();
    expect(await world.manage('cell_v2', 'update_cell', '--cell_uuid', missing)).toMatchObject({
      code: 1,
      out: `Cell with uuid ${missing} was not found.`,
    });
  });

  it('delete_host refuses hosts with instances and unmaps the compute nodes', async () => {
    const cells = await api.cellMappings.list();
    const cell2 = cells.find((c) => c.name === 'cell-two')!.uuid;
    const del = (cellUuid: string, host: string) =>
      world.manage('cell_v2', 'delete_host', '--cell_uuid', cellUuid, '--host', host);
    expect((await del(randomUUID(), 'compute1')).code).toBe(1);
    expect(await del(cell1Uuid, 'nohost')).toMatchObject({ code: 2, out: 'The host nohost was not found.' });
    expect(await del(cell2, 'compute1')).toMatchObject({
      code: 3,
      out: `The host compute1 was not found in the cell ${cell2}.`,
    });
    expect(await del(cell1Uuid, 'compute1')).toMatchObject({
      code: 4,
      out: 'There are instances on the host compute1.',
    });
    expect((await del(cell1Uuid, 'compute2')).code).toBe(0);
    expect(await api.hostMappings.get('compute2')).toBeNull();
    expect(await mappedFlags(cell)).toEqual({ compute1: 1, compute2: 0 });
    const rediscovered = await world.manage(
      'cell_v2',
      'discover_hosts',
      '--cell_uuid',
      cell1Uuid,
      '--verbose',
    );
    expect(rediscovered.out).toContain(`Creating host mapping for compute host 'compute2': ${cell1Uuid}`);
    expect(await mappedFlags(cell)).toEqual({ compute1: 1, compute2: 1 });
  });

  it('delete_cell refuses while hosts or instances remain; --force removes the mappings', async () => {
    expect((await world.manage('cell_v2', 'delete_cell')).code).toBe(2);
    const missing = randomUUID();
    expect(await world.manage('cell_v2', 'delete_cell', '--cell_uuid', missing)).toMatchObject({
      code: 1,
      out: `Cell with uuid ${missing} was not found.`,
    });

    // A third cell with its own database: one live instance, then only deleted ones.
    const cell3Db = await world.extraDatabase('cell3');
    await syncCellDatabase(cell3Db);
    const created = await world.manage(
      'cell_v2',
      'create_cell',
      '--name',
      'cell3',
      '--transport-url',
      'rabbit://nova:pw@cell3-mq:5672/',
      '--database_connection',
      cell3Db,
      '--verbose',
    );
    const cell3 = created.out.split('\n').pop()!;
    const db3 = await openCellDatabase(cell3Db);
    try {
      const vm = await boot(db3);
      expect((await world.manage('cell_v2', 'map_instances', '--cell_uuid', cell3)).code).toBe(0);
      expect(await world.manage('cell_v2', 'delete_cell', '--cell_uuid', cell3)).toMatchObject({
        code: 3,
        out: `There are existing instances mapped to cell with uuid ${cell3}.`,
      });
      await db3.instances.softDelete(vm);
      const stale = await world.manage('cell_v2', 'delete_cell', '--cell_uuid', cell3);
      expect(stale.code).toBe(4);
      expect(stale.out).toContain("So execute 'nova-manage db archive_deleted_rows'");
      expect((await world.manage('cell_v2', 'delete_cell', '--cell_uuid', cell3, '--force')).code).toBe(0);
      expect(await api.instanceMappings.get(vm)).toBeNull();
      expect(await api.cellMappings.get(cell3)).toBeNull();
    } finally {
      await db3.close();
    }

    expect(await world.manage('cell_v2', 'delete_cell', '--cell_uuid', cell1Uuid)).toMatchObject({
      code: 2,
      out: `There are existing hosts mapped to cell with uuid ${cell1Uuid}.`,
    });
    expect((await world.manage('cell_v2', 'delete_cell', '--cell_uuid', cell1Uuid, '--force')).code).toBe(3);
    for (const i of await cell.instances.list({})) await cell.instances.softDelete(i.uuid);
    expect((await world.manage('cell_v2', 'delete_cell', '--cell_uuid', cell1Uuid, '--force')).code).toBe(0);
    expect(await api.hostMappings.list()).toEqual([]);
    expect(await api.instanceMappings.list({ cell_uuid: cell1Uuid })).toEqual([]);
    expect(await mappedFlags(cell)).toEqual({ compute1: 0, compute2: 0 });

    const cell2 = (await api.cellMappings.list()).find((c) => c.name === 'cell-two')!.uuid;
    expect((await world.manage('cell_v2', 'delete_cell', '--cell_uuid', cell2)).code).toBe(0);
    expect((await api.cellMappings.list()).map((c) => c.uuid)).toEqual([CELL0_UUID]);
  });
});
