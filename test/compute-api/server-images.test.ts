/**
 * createImage and createBackup through the Compute API on the all-in-one
 * cloud (fake driver, embedded image service): the 202 answers per
 * microversion, the image record Nova creates (owner, visibility,
 * properties, inheritance), the upload through the image service, the
 * instance action and its event, backup rotation, Nova's 409 from a wrong
 * state and 400 for a bad body (neither leaves an image behind), image
 * access by project, and booting from the snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const A = 'alice:project-a';
const B = 'bob:project-b';

let t: TestCloud;
let base: string;
let server: string;

const mv = (version: string) => ({ 'openstack-api-version': `compute ${version}` });
const image = (method: string, path: string, body: unknown, token: string) =>
  http(`${t.cloud.endpoints.image}${path}`, method, body, {
    'x-auth-token': token,
    accept: 'application/json',
  });
const action = (id: string, body: unknown, version = '2.93', token = A) =>
  t.compute('POST', `/servers/${id}/action`, body, token, mv(version));

async function show(id: string, token = A) {
  return (await t.compute('GET', `/servers/${id}`, undefined, token, mv('2.93'))).body.server;
}

function settle(id: string, status: string, token = A) {
  return waitFor(
    `server ${id} ${status}`,
    async () => {
      const s = await show(id, token);
      return s?.status === status && s['OS-EXT-STS:task_state'] === null ? s : undefined;
    },
    15_000,
  );
}

async function boot(imageRef: string, token = A): Promise<string> {
  const res = await t.compute(
    'POST',
    '/servers',
    { server: { name: 'vm', imageRef, flavorRef: '1', networks: 'none' } },
    token,
    mv('2.93'),
  );
  expect(res.status).toBe(202);
  await settle(res.body.server.id, 'ACTIVE', token);
  return res.body.server.id;
}

/** The image once the host uploaded it (active), or after it was deleted again (undefined). */
function activeImage(id: string, token = A) {
  return waitFor(`image ${id} active`, async () => {
    const res = await image('GET', `/v2/images/${id}`, undefined, token);
    return res.status === 200 && res.body.status === 'active' ? res.body : undefined;
  });
}

async function imagesOf(serverId: string, type: string): Promise<{ id: string; name: string }[]> {
  const res = await image('GET', `/v2/images?instance_uuid=${serverId}&image_type=${type}`, undefined, A);
  expect(res.status).toBe(200);
  return res.body.images;
}

beforeAll(async () => {
  t = await startTestCloud('sqlite', { hosts: 1 });
  const created = await image(
    'POST',
    '/v2/images',
    {
      name: 'base-a',
      disk_format: 'qcow2',
      container_format: 'bare',
      visibility: 'private',
      min_ram: 64,
      hw_disk_bus: 'virtio',
      cache_in_nova: 'True',
      img_signature: 'sig',
    },
    A,
  );
  expect(created.status).toBe(201);
  base = created.body.id;
  const put = await fetch(`${t.cloud.endpoints.image}/v2/images/${base}/file`, {
    method: 'PUT',
    headers: { 'x-auth-token': A, 'content-type': 'application/octet-stream' },
    body: Buffer.from('base disk'),
  });
  expect(put.status).toBe(204);
  server = await boot(base);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('createImage', () => {
  it('answers {image_id} from 2.45 and uploads the snapshot as a private image of the project', async () => {
    const res = await action(server, { createImage: { name: 'snap-1', metadata: { purpose: 'test' } } });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBeNull();
    const id = res.body.image_id as string;
    const snap = await activeImage(id);
    expect(snap).toMatchObject({
      name: 'snap-1',
      owner: 'project-a',
      visibility: 'private',
      disk_format: 'raw',
      container_format: 'bare',
      min_ram: 64,
      min_disk: 1,
      instance_uuid: server,
      image_type: 'snapshot',
      base_image_ref: base,
      user_id: 'alice',
      purpose: 'test',
      hw_disk_bus: 'virtio',
    });
    expect(snap.size).toBeGreaterThan(0);
    expect(snap.checksum).toMatch(/^[0-9a-f]{32}$/);
    expect(snap).not.toHaveProperty('cache_in_nova');
    expect(snap).not.toHaveProperty('img_signature');
    const data = await fetch(`${t.cloud.endpoints.image}/v2/images/${id}/file`, {
      headers: { 'x-auth-token': A },
    });
    expect(await data.text()).toContain(`fake disk of ${server}`);
    const s = await settle(server, 'ACTIVE');
    expect(s['OS-EXT-STS:vm_state']).toBe('active');
  });

  it('records the createImage instance action with its compute event', async () => {
    const list = await t.compute('GET', `/servers/${server}/os-instance-actions`, undefined, A, mv('2.93'));
    const found = list.body.instanceActions.find((a: { action: string }) => a.action === 'createImage');
    expect(found).toBeTruthy();
    const events = await waitFor('the snapshot event', async () => {
      const one = await t.compute(
        'GET',
        `/servers/${server}/os-instance-actions/${found.request_id}`,
        undefined,
        'admin:admin',
        mv('2.93'),
      );
      const ev = one.body.instanceAction.events as { event: string; result: string | null }[];
      return ev.length > 0 && ev.every((e) => e.result !== null) ? ev : undefined;
    });
    expect(events).toEqual([
      expect.objectContaining({ event: 'compute_snapshot_instance', result: 'Success' }),
    ]);
  });

  it('answers a Location header naming the image before 2.45', async () => {
    const res = await action(server, { createImage: { name: 'snap-old' } }, '2.44');
    expect(res.status).toBe(202);
    const location = res.headers.get('location') ?? '';
    const id = location.split('/').pop() ?? '';
    expect(location).toMatch(/\/images\/[0-9a-f-]{36}$/);
    expect((await activeImage(id)).name).toBe('snap-old');
    await settle(server, 'ACTIVE');
  });

  it('keeps the snapshot from other projects, and boots from it in its own', async () => {
    const [snap] = (await imagesOf(server, 'snapshot')).filter((i) => i.name === 'snap-1');
    expect((await image('GET', `/v2/images/${snap.id}`, undefined, B)).status).toBe(404);
    const refused = await t.compute(
      'POST',
      '/servers',
      { server: { name: 'thief', imageRef: snap.id, flavorRef: '1', networks: 'none' } },
      B,
      mv('2.93'),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.badRequest.message).toBe(`Image ${snap.id} could not be found.`);
    const again = await boot(snap.id);
    expect((await show(again)).image.id).toBe(snap.id);
  });

  it("answers Nova's 409 from a wrong state and leaves no image behind", async () => {
    const before = (await imagesOf(server, 'snapshot')).length;
    const rescue = await action(server, { rescue: null });
    expect(rescue.status).toBe(200);
    await settle(server, 'RESCUE');
    const res = await action(server, { createImage: { name: 'too-soon' } });
    expect(res.status).toBe(409);
    expect(res.body.conflictingRequest.message).toBe(
      `Cannot 'createImage' instance ${server} while it is in vm_state rescued`,
    );
    expect((await imagesOf(server, 'snapshot')).length).toBe(before);
    expect((await action(server, { unrescue: null })).status).toBe(202);
    await settle(server, 'ACTIVE');
  });

  it.each([
    [{ createImage: {} }],
    [{ createImage: { name: '' } }],
    [{ createImage: { name: 'x', extra: 1 } }],
    [{ createImage: { name: 'x', metadata: { k: 1 } } }],
    [{ createBackup: { name: 'x', backup_type: 'daily' } }],
    [{ createBackup: { name: 'x', backup_type: 'daily', rotation: -1 } }],
    [{ createBackup: { name: 'x', backup_type: 'daily', rotation: 'two' } }],
  ])('answers 400 to %j and creates nothing', async (body) => {
    const before = (await image('GET', '/v2/images', undefined, A)).body.images.length;
    const res = await action(server, body);
    expect(res.status).toBe(400);
    expect(res.body.badRequest.code).toBe(400);
    expect((await image('GET', '/v2/images', undefined, A)).body.images.length).toBe(before);
  });

  it('is refused to another project (404, the server is not theirs)', async () => {
    const res = await action(server, { createImage: { name: 'x' } }, '2.93', B);
    expect(res.status).toBe(404);
  });
});

describe('createBackup', () => {
  it('keeps the newest `rotation` backups of a type', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await action(server, {
        createBackup: { name: `daily-${n}`, backup_type: 'daily', rotation: 2 },
      });
      expect(res.status).toBe(202);
      ids.push(res.body.image_id);
      await activeImage(res.body.image_id);
      await settle(server, 'ACTIVE');
      await waitFor('the rotation', async () => {
        const n2 = (await imagesOf(server, 'backup')).length;
        return n2 <= 2 ? true : undefined;
      });
    }
    const left = await imagesOf(server, 'backup');
    expect(left.map((i) => i.id).sort()).toEqual(ids.slice(1).sort());
    const one = await activeImage(ids[2]);
    // The host's driver sets the formats of what it uploads (raw for the fake driver), as Nova's drivers do.
    expect(one).toMatchObject({ image_type: 'backup', backup_type: 'daily', disk_format: 'raw' });
  });

  it('answers a Location header before 2.45, none with rotation 0', async () => {
    const res = await action(
      server,
      { createBackup: { name: 'w', backup_type: 'weekly', rotation: '1' } },
      '2.44',
    );
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toMatch(/\/images\/[0-9a-f-]{36}$/);
    await settle(server, 'ACTIVE');
    const zero = await action(
      server,
      { createBackup: { name: 'w0', backup_type: 'weekly', rotation: 0 } },
      '2.44',
    );
    expect(zero.status).toBe(202);
    expect(zero.headers.get('location')).toBeNull();
    await settle(server, 'ACTIVE');
    await waitFor('every weekly backup rotated away', async () =>
      (await imagesOf(server, 'backup')).some((i) => i.name.startsWith('w')) ? undefined : true,
    );
  });
});
