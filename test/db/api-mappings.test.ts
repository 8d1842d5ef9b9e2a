import { randomUUID } from 'node:crypto';
import { CELL0_UUID, type RequestSpec } from '@novats/core';
import type { KnexApiDatabase } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { makeInstance, type Opened, openSyncedApi, TINY } from './db-fixtures.js';

const cell = (uuid: string, name: string) => ({
  uuid,
  name,
  transport_url: 'rabbit://guest:guest@mq:5672/',
  database_connection: `mysql+pymysql://nova:secret@db/${name}`,
  disabled: false,
});

describe.each(DIALECTS)('API database mappings on %s', (dialect) => {
  let h: Opened<KnexApiDatabase>;
  let api: KnexApiDatabase;
  const cell1 = randomUUID();

  beforeAll(async () => {
    h = await openSyncedApi(dialect);
    api = h.db;
    await api.cellMappings.create(cell(CELL0_UUID, 'cell0'));
    await api.cellMappings.create(cell(cell1, 'cell1'));
  });
  afterAll(() => h.close());

  describe('cell mappings', () => {
    it('lists, gets and updates cells', async () => {
      const list = await api.cellMappings.list();
      expect(list.map((c) => c.name)).toEqual(['cell0', 'cell1']);
      expect(list[0]).toMatchObject({ uuid: CELL0_UUID, disabled: false });
      expect(list[0].id).toBeGreaterThan(0);
      expect(await api.cellMappings.get(randomUUID())).toBeNull();
      const updated = await api.cellMappings.update(cell1, { disabled: true, name: 'cell-one' });
      expect(updated).toMatchObject({
        uuid: cell1,
        name: 'cell-one',
        disabled: true,
        transport_url: 'rabbit://guest:guest@mq:5672/',
      });
      expect(await api.cellMappings.get(cell1)).toEqual(updated);
      await api.cellMappings.update(cell1, { disabled: false, name: 'cell1' });
    });

    it('rejects a duplicate uuid with Conflict and unknown cells with NotFound', async () => {
      await expect(api.cellMappings.create(cell(cell1, 'again'))).rejects.toMatchObject({
        status: 409,
        message: `Cell mapping with uuid ${cell1} already exists.`,
      });
      await expect(api.cellMappings.update(randomUUID(), { name: 'x' })).rejects.toMatchObject({
        status: 404,
      });
      await expect(api.cellMappings.delete(randomUUID())).rejects.toMatchObject({ status: 404 });
    });

    it('refuses to delete a cell that hosts still map to', async () => {
      const uuid = randomUUID();
      await api.cellMappings.create(cell(uuid, 'cell9'));
      await api.hostMappings.create({ host: 'doomed', cell_uuid: uuid });
      await expect(api.cellMappings.delete(uuid)).rejects.toMatchObject({ status: 409 });
      await api.hostMappings.delete('doomed');
      await api.cellMappings.delete(uuid);
      expect(await api.cellMappings.get(uuid)).toBeNull();
    });
  });

  describe('host mappings', () => {
    it('maps hosts to cells and lists them per cell', async () => {
      await api.hostMappings.create({ host: 'compute1', cell_uuid: cell1 });
      await api.hostMappings.create({ host: 'compute2', cell_uuid: cell1 });
      expect(await api.hostMappings.get('compute1')).toEqual({ host: 'compute1', cell_uuid: cell1 });
      expect(await api.hostMappings.get('nowhere')).toBeNull();
      expect(await api.hostMappings.list({ cell_uuid: cell1 })).toEqual([
        { host: 'compute1', cell_uuid: cell1 },
        { host: 'compute2', cell_uuid: cell1 },
      ]);
      expect(await api.hostMappings.list({ cell_uuid: CELL0_UUID })).toEqual([]);
      await api.hostMappings.delete('compute2');
      expect((await api.hostMappings.list()).map((m) => m.host)).toEqual(['compute1']);
    });

    it('rejects a host mapped twice with Conflict, an unknown cell with NotFound', async () => {
      await expect(
        api.hostMappings.create({ host: 'compute1', cell_uuid: CELL0_UUID }),
      ).rejects.toMatchObject({
        status: 409,
        message: `Host 'compute1' is already mapped to cell ${cell1}.`,
      });
      await expect(api.hostMappings.create({ host: 'c3', cell_uuid: randomUUID() })).rejects.toMatchObject({
        code: 'cells.cell_mapping.not_found',
      });
    });
  });

  describe('instance mappings', () => {
    it('creates a mapping without a cell, then sets the cell and queued_for_delete', async () => {
      const uuid = randomUUID();
      await api.instanceMappings.create({
        instance_uuid: uuid,
        cell_uuid: null,
        project_id: 'p1',
        user_id: 'u1',
        queued_for_delete: false,
      });
      expect(await api.instanceMappings.get(uuid)).toEqual({
        instance_uuid: uuid,
        cell_uuid: null,
        project_id: 'p1',
        user_id: 'u1',
        queued_for_delete: false,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
      });
      await api.instanceMappings.setCell(uuid, cell1);
      await api.instanceMappings.setQueuedForDelete(uuid, true);
      expect(await api.instanceMappings.get(uuid)).toMatchObject({
        cell_uuid: cell1,
        queued_for_delete: true,
      });
      await expect(api.instanceMappings.setCell(uuid, randomUUID())).rejects.toMatchObject({
        code: 'cells.cell_mapping.not_found',
      });
      await expect(api.instanceMappings.setCell(randomUUID(), cell1)).rejects.toMatchObject({
        code: 'cells.instance_mapping.not_found',
      });
      await expect(api.instanceMappings.setQueuedForDelete(randomUUID(), true)).rejects.toMatchObject({
        status: 404,
      });
      await expect(
        api.instanceMappings.create({
          instance_uuid: uuid,
          cell_uuid: null,
          project_id: 'p1',
          user_id: null,
          queued_for_delete: false,
        }),
      ).rejects.toMatchObject({ status: 409 });
      await api.instanceMappings.delete(uuid);
      expect(await api.instanceMappings.get(uuid)).toBeNull();
    });

    it('filters by project and cell', async () => {
      const a = randomUUID();
      const b = randomUUID();
      await api.instanceMappings.create({
        instance_uuid: a,
        cell_uuid: CELL0_UUID,
        project_id: 'pa',
        user_id: null,
        queued_for_delete: false,
      });
      await api.instanceMappings.create({
        instance_uuid: b,
        cell_uuid: cell1,
        project_id: 'pa',
        user_id: null,
        queued_for_delete: false,
      });
      expect((await api.instanceMappings.list({ project_id: 'pa' })).map((m) => m.instance_uuid)).toEqual([
        a,
        b,
      ]);
      expect(
        (await api.instanceMappings.list({ project_id: 'pa', cell_uuid: cell1 })).map((m) => m.instance_uuid),
      ).toEqual([b]);
      expect(await api.instanceMappings.list({ project_id: 'nobody' })).toEqual([]);
    });
  });

  describe('build requests and request specs', () => {
    it('stores, lists and deletes build requests exactly once', async () => {
      const inst = makeInstance({ project_id: 'pb', metadata: { k: 'v' } });
      const br = {
        instance_uuid: inst.uuid,
        project_id: 'pb',
        instance: inst,
        created_at: '2024-02-03T04:05:06.789Z',
      };
      await api.buildRequests.create(br);
      await expect(api.buildRequests.create(br)).rejects.toMatchObject({ status: 409 });
      expect(await api.buildRequests.get(inst.uuid)).toEqual(br);
      expect(await api.buildRequests.get(randomUUID())).toBeNull();
      expect((await api.buildRequests.list({ project_id: 'pb' })).map((b) => b.instance_uuid)).toEqual([
        inst.uuid,
      ]);
      expect(await api.buildRequests.list({ project_id: 'other' })).toEqual([]);
      expect((await api.buildRequests.list({})).length).toBeGreaterThanOrEqual(1);
      // Every project's, in the order they were written (no project, or a null one, means all).
      const later = makeInstance({ project_id: 'pc' });
      await api.buildRequests.create({ ...br, instance_uuid: later.uuid, project_id: 'pc', instance: later });
      for (const all of [{}, { project_id: null }]) {
        const uuids = (await api.buildRequests.list(all)).map((b) => b.instance_uuid);
        expect(uuids.filter((u) => u === inst.uuid || u === later.uuid)).toEqual([inst.uuid, later.uuid]);
      }
      expect(await api.buildRequests.list({ project_id: 'pc' })).toEqual([
        { ...br, instance_uuid: later.uuid, project_id: 'pc', instance: later },
      ]);
      expect(await api.buildRequests.delete(later.uuid)).toBe(true);
      const [first, second] = await Promise.all([
        api.buildRequests.delete(inst.uuid),
        api.buildRequests.delete(inst.uuid),
      ]);
      expect([first, second].sort()).toEqual([false, true]);
    });

    it('saves (upserts), reads and deletes request specs', async () => {
      const spec: RequestSpec = {
        instance_uuid: randomUUID(),
        project_id: 'p',
        user_id: 'u',
        flavor: TINY,
        image: null,
        num_instances: 1,
        availability_zone: null,
        scheduler_hints: { group: ['g1'] },
        ignore_hosts: [],
        force_hosts: [],
        force_nodes: [],
        is_bfv: false,
      };
      await api.requestSpecs.save(spec);
      expect(await api.requestSpecs.get(spec.instance_uuid)).toEqual(spec);
      const moved = { ...spec, ignore_hosts: ['compute1'] };
      await api.requestSpecs.save(moved);
      expect(await api.requestSpecs.get(spec.instance_uuid)).toEqual(moved);
      await api.requestSpecs.delete(spec.instance_uuid);
      expect(await api.requestSpecs.get(spec.instance_uuid)).toBeNull();
    });
  });

  describe('legacy cells v1', () => {
    it('creates, lists and soft-deletes cells; names are unique among live cells', async () => {
      const parent = await api.legacyCells.create({
        name: 'api',
        is_parent: true,
        weight_offset: 0.5,
        weight_scale: 2,
        transport_url: 'rabbit://u:p@h:5672/v',
      });
      await api.legacyCells.create({
        name: 'child1',
        is_parent: false,
        weight_offset: 0,
        weight_scale: 1,
        transport_url: null,
      });
      await expect(
        api.legacyCells.create({
          name: 'api',
          is_parent: false,
          weight_offset: 0,
          weight_scale: 1,
          transport_url: null,
        }),
      ).rejects.toMatchObject({ status: 409 });
      expect(await api.legacyCells.list()).toEqual([
        parent,
        expect.objectContaining({
          name: 'child1',
          is_parent: false,
          weight_offset: 0,
          weight_scale: 1,
          transport_url: null,
        }),
      ]);
      expect(await api.legacyCells.delete('api')).toBe(true);
      expect(await api.legacyCells.delete('api')).toBe(false);
      expect((await api.legacyCells.list()).map((c) => c.name)).toEqual(['child1']);
      await api.legacyCells.create({
        name: 'api',
        is_parent: true,
        weight_offset: 0,
        weight_scale: 1,
        transport_url: null,
      });
    });
  });
});
