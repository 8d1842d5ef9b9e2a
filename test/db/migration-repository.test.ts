import type { KnexCellDatabase } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type Opened, openSyncedCell } from './db-fixtures.js';

// NOTE(returning): create and update answer the row from the write itself on SQLite and
// PostgreSQL (RETURNING) and read it again on MariaDB; every dialect must answer the same row.
describe.each(DIALECTS)('MigrationRepository on %s', (dialect) => {
  let h: Opened<KnexCellDatabase>;
  let repo: KnexCellDatabase['migrations'];
  const record = {
    uuid: '0b7c1f7e-0000-4000-8000-000000000001',
    instance_uuid: '6f1d2a8e-0000-4000-8000-000000000001',
    source_compute: 'h1',
    source_node: 'h1-node',
    dest_compute: null,
    dest_node: null,
    dest_host: null,
    old_instance_type_id: 1,
    new_instance_type_id: 2,
    status: 'pre-migrating',
    migration_type: 'resize',
    project_id: 'p1',
    user_id: 'u1',
    memory_total: null,
    memory_processed: null,
    memory_remaining: null,
    disk_total: null,
    disk_processed: null,
    disk_remaining: null,
  } as const;

  beforeAll(async () => {
    h = await openSyncedCell(dialect);
    repo = h.db.migrations;
  });
  afterAll(() => h.close());

  it('answers the created row as a later read sees it', async () => {
    const created = await repo.create(record);
    expect(created).toMatchObject({ ...record, updated_at: null });
    expect(typeof created.id).toBe('number');
    expect(created.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await repo.get(created.id)).toEqual(created);
  });

  it('answers the updated row, and MigrationNotFound for a missing id', async () => {
    const created = await repo.create({ ...record, uuid: '0b7c1f7e-0000-4000-8000-000000000002' });
    const updated = await repo.update(created.id, {
      status: 'migrating',
      dest_compute: 'h2',
      dest_node: 'h2-node',
      dest_host: 'h2',
      memory_total: 2048,
    });
    expect(updated).toMatchObject({
      id: created.id,
      uuid: created.uuid,
      status: 'migrating',
      dest_compute: 'h2',
      memory_total: 2048,
      old_instance_type_id: 1,
    });
    expect(updated.updated_at).not.toBeNull();
    expect(await repo.get(created.id)).toEqual(updated);
    await expect(repo.update(created.id + 1000, { status: 'error' })).rejects.toMatchObject({
      code: 'compute.migration.not_found',
    });
  });
});
