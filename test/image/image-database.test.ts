/**
 * The embedded image service on every SQL backend: its tables are created
 * in the API database when missing (and only once), and records, properties,
 * tags, members, uploads and deletes round-trip the same way on SQLite,
 * MariaDB and PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestContext } from '@novats/core';
import {
  EmbeddedImageService,
  FilesystemImageStore,
  IMAGE_DATABASE_HEAD,
  ImageMembers,
  openImageRepository,
  syncApiDatabase,
  syncImageDatabase,
} from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

const ctx = (project: string, admin = false): RequestContext => ({
  request_id: 'req-test',
  user_id: `user-${project}`,
  project_id: project,
  roles: admin ? ['admin'] : ['member'],
  is_admin: admin,
});

async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const p of parts) yield Buffer.from(p);
}

describe.each(DIALECTS)('embedded image service on %s', (dialect) => {
  let db: TestDatabase;
  let dir: string;
  let service: EmbeddedImageService;
  let members: ImageMembers;
  let close: () => Promise<void>;

  beforeAll(async () => {
    db = await createTestDatabase(dialect, 'novats_imgdb');
    dir = mkdtempSync(join(tmpdir(), 'novats-imgdb-'));
    await syncApiDatabase(db.url);
    expect(await syncImageDatabase(db.url)).toBe(true);
    expect(await syncImageDatabase(db.url)).toBe(false);
    const repository = openImageRepository(db.url);
    service = new EmbeddedImageService({ repository, store: new FilesystemImageStore(dir), sizeCap: 100 });
    members = new ImageMembers(repository);
    close = () => repository.db.destroy();
  }, 60_000);
  afterAll(async () => {
    await close?.();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records the image schema version beside the API schema', async () => {
    expect(IMAGE_DATABASE_HEAD).toBe(1);
    const rows = await service.repository.db('image_migrate_version').select('name');
    expect(rows.map((r: { name: string }) => r.name)).toEqual(['001_images']);
  });

  it('round-trips an image with properties, tags, data and members, then deletes it all', async () => {
    const owner = ctx('p1');
    const image = await service.create(owner, {
      name: 'rt',
      disk_format: 'qcow2',
      container_format: 'bare',
      min_ram: 128,
      hw_disk_bus: 'scsi',
      img_hv_type: 'kvm',
      ünïcode: 'välue',
      tags: ['t1', 't2'],
    });
    const loaded = await service.get(owner, image.id);
    expect(loaded).toMatchObject({
      name: 'rt',
      status: 'queued',
      visibility: 'shared',
      owner: 'p1',
      min_ram: 128,
      properties: { hw_disk_bus: 'scsi', img_hv_type: 'kvm', ünïcode: 'välue' },
      tags: ['t1', 't2'],
      protected: false,
      checksum: null,
    });
    expect(loaded.created_at).toBe(image.created_at);
    await service.upload(owner, image.id, chunks('hello ', 'world'));
    const active = await service.get(owner, image.id);
    expect(active).toMatchObject({
      status: 'active',
      size: 11,
      checksum: '5eb63bbbe01eeed093cb22bb8f5acdc3',
    });
    // The SupportsImageDownload facet a hypervisor driver boots from.
    let bytes = '';
    for await (const chunk of (await service.download(owner, image.id)).data?.stream ?? [])
      bytes += Buffer.from(chunk).toString();
    expect(bytes).toBe('hello world');
    await expect(service.download(ctx('p3'), image.id)).rejects.toMatchObject({
      code: 'compute.image.not_found',
    });
    await members.add(owner, image.id, 'p2');
    expect(await service.list(ctx('p2'))).toEqual([]);
    await members.setStatus(ctx('p2'), image.id, 'p2', 'accepted');
    expect((await service.list(ctx('p2'))).map((i) => i.id)).toEqual([image.id]);
    await expect(service.show(ctx('p3'), image.id)).rejects.toMatchObject({
      code: 'compute.image.not_found',
    });
    await service.delete(owner, image.id);
    expect(await service.repository.members(image.id)).toEqual([]);
    await expect(service.get(ctx('admin', true), image.id)).rejects.toMatchObject({ status: 404 });
  });

  it('reads an image alone as it reads it in the catalogue: its own properties and tags, or none', async () => {
    const owner = ctx('p1');
    const bare = await service.create(owner, { name: 'bare', disk_format: 'raw', container_format: 'bare' });
    const rich = await service.create(owner, {
      name: 'rich',
      disk_format: 'raw',
      container_format: 'bare',
      os_distro: 'cirros',
      hw_machine_type: 'q35',
      tags: ['b', 'a', 'c'],
    });
    const tagsOnly = await service.create(owner, { name: 'tags', tags: ['only'] });
    const catalogue = new Map((await service.repository.list()).map((i) => [i.id, i]));
    for (const image of [bare, rich, tagsOnly]) {
      const alone = await service.repository.get(image.id);
      expect(alone).toEqual(catalogue.get(image.id));
    }
    expect(await service.repository.get(rich.id)).toMatchObject({
      properties: { os_distro: 'cirros', hw_machine_type: 'q35' },
      tags: ['b', 'a', 'c'],
    });
    expect(await service.repository.get(bare.id)).toMatchObject({ properties: {}, tags: [] });
    expect(await service.repository.get('00000000-0000-0000-0000-000000000000')).toBeNull();
    for (const image of [bare, rich, tagsOnly]) await service.delete(owner, image.id);
  });

  it('puts an upload over the cap back to queued', async () => {
    const owner = ctx('p1');
    const image = await service.create(owner, { name: 'cap', disk_format: 'raw', container_format: 'bare' });
    await expect(
      service.upload(owner, image.id, chunks('x'.repeat(60), 'y'.repeat(60))),
    ).rejects.toMatchObject({
      status: 413,
    });
    expect((await service.get(owner, image.id)).status).toBe('queued');
    // A queued image has no data (Glance's 204): the facet says so with null.
    expect((await service.download(owner, image.id)).data).toBeNull();
  });
});
