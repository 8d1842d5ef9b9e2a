/**
 * The aggregate repository on every dialect: CRUD, memberships, metadata
 * upserts and deletes, and Nova's conflicts and not-found errors.
 */
import { randomUUID } from 'node:crypto';
import type { KnexApiDatabase } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type Opened, openSyncedApi } from './db-fixtures.js';

describe.each(DIALECTS)('aggregates on %s', (dialect) => {
  let o: Opened<KnexApiDatabase>;
  beforeAll(async () => {
    o = await openSyncedApi(dialect);
  });
  afterAll(async () => {
    await o?.close();
  });

  it('creates with a zone stored as metadata, and refuses a duplicate name', async () => {
    const repo = o.db.aggregates;
    const uuid = randomUUID();
    const a = await repo.create({ uuid, name: 'agg-a', availability_zone: 'az1' });
    expect(a).toMatchObject({ uuid, name: 'agg-a', hosts: [], metadata: { availability_zone: 'az1' } });
    expect(a.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect(repo.create({ uuid: randomUUID(), name: 'agg-a' })).rejects.toMatchObject({ status: 409 });
    expect(await repo.get(a.id)).toEqual(a);
  });

  it('renames, changes and clears the zone', async () => {
    const repo = o.db.aggregates;
    const a = await repo.create({ uuid: randomUUID(), name: 'agg-b' });
    expect(a.metadata).toEqual({});
    const renamed = await repo.update(a.id, { name: 'agg-b2', availability_zone: 'az2' });
    expect(renamed).toMatchObject({ name: 'agg-b2', metadata: { availability_zone: 'az2' } });
    expect(renamed.updated_at).not.toBeNull();
    expect((await repo.update(a.id, { availability_zone: null })).metadata).toEqual({});
    await expect(repo.update(a.id, { name: 'agg-a' })).rejects.toMatchObject({ status: 409 });
    await expect(repo.update(999_999, { name: 'x' })).rejects.toMatchObject({ status: 404 });
  });

  it('adds and removes hosts, and lists aggregates by host', async () => {
    const repo = o.db.aggregates;
    const a = await repo.create({ uuid: randomUUID(), name: 'agg-c' });
    const b = await repo.create({ uuid: randomUUID(), name: 'agg-d' });
    expect((await repo.addHost(a.id, 'h2')).hosts).toEqual(['h2']);
    expect((await repo.addHost(a.id, 'h1')).hosts).toEqual(['h1', 'h2']);
    await repo.addHost(b.id, 'h1');
    await expect(repo.addHost(a.id, 'h1')).rejects.toMatchObject({ status: 409 });
    await expect(repo.addHost(999_999, 'h1')).rejects.toMatchObject({ status: 404 });
    expect((await repo.listByHost('h1')).map((x) => x.name)).toEqual(['agg-c', 'agg-d']);
    expect((await repo.removeHost(a.id, 'h1')).hosts).toEqual(['h2']);
    await expect(repo.removeHost(a.id, 'h1')).rejects.toMatchObject({ status: 404 });
    expect((await repo.listByHost('h1')).map((x) => x.name)).toEqual(['agg-d']);
  });

  it('upserts metadata and deletes keys set to null', async () => {
    const repo = o.db.aggregates;
    const a = await repo.create({ uuid: randomUUID(), name: 'agg-e' });
    expect((await repo.setMetadata(a.id, { ssd: 'true', gpu: '1' })).metadata).toEqual({
      ssd: 'true',
      gpu: '1',
    });
    expect((await repo.setMetadata(a.id, { ssd: 'false', gpu: null })).metadata).toEqual({ ssd: 'false' });
    await expect(repo.setMetadata(999_999, { k: 'v' })).rejects.toMatchObject({ status: 404 });
  });

  it('deletes with hosts and metadata, freeing the name', async () => {
    const repo = o.db.aggregates;
    const a = await repo.create({ uuid: randomUUID(), name: 'agg-f', availability_zone: 'az9' });
    await repo.addHost(a.id, 'h9');
    await repo.delete(a.id);
    await expect(repo.get(a.id)).rejects.toMatchObject({ status: 404 });
    await expect(repo.delete(a.id)).rejects.toMatchObject({ status: 404 });
    expect(await repo.listByHost('h9')).toEqual([]);
    expect((await repo.create({ uuid: randomUUID(), name: 'agg-f' })).hosts).toEqual([]);
    expect((await repo.list()).map((x) => x.name)).toContain('agg-f');
  });
});
