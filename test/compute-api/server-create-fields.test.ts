/**
 * POST /servers fields beyond flavor and image on the all-in-one cloud:
 * networks none / a list with a port, a fixed IP and tags; a blank volume
 * and the local image disk of block_device_mapping_v2; tags (2.52);
 * trusted_image_certificates (2.63); user_data as base64; Nova's 400s.
 */

import { adminContext } from '@novats/core';
import { fakeNetworkFor, fakeVolumesFor, PRIVATE_NETWORK_ID } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageDiskAndBlankVolume } from '../support/block-device-mappings.js';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const ALICE = 'alice:proj-a';
const MISSING = '00000000-0000-4000-8000-000000000000';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
});
afterAll(async () => {
  await t?.stop();
});

const call = (method: string, path: string, body?: unknown, version = '2.93') =>
  t.compute(method, path, body, ALICE, { 'openstack-api-version': `compute ${version}` });
const create = (server: Record<string, unknown>, version = '2.93') =>
  call(
    'POST',
    '/servers',
    { server: { name: 'c', imageRef: IMAGE, flavorRef: '1', networks: 'auto', ...server } },
    version,
  );

async function active(id: string) {
  return waitFor('active', async () => {
    const s = (await call('GET', `/servers/${id}`)).body.server;
    return s?.status === 'ACTIVE' ? s : undefined;
  });
}

describe('POST /servers fields', () => {
  it('networks: none, or a port, a fixed IP and tags', async () => {
    const none = await create({ networks: 'none' });
    expect(none.status).toBe(202);
    expect((await active(none.body.server.id)).addresses).toEqual({});

    const port = fakeNetworkFor(t.cloud.apiDatabase).createPort();
    const listed = await create({
      networks: [
        { port: port.id, tag: 'mgmt' },
        { uuid: PRIVATE_NETWORK_ID, fixed_ip: '10.250.1.9' },
      ],
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(202);
    const id = listed.body.server.id;
    const server = await active(id);
    expect(server.addresses.private.map((a: { addr: string }) => a.addr)).toEqual([
      port.fixed_ips[0].ip_address,
      '10.250.1.9',
    ]);
    const nics = (await call('GET', `/servers/${id}/os-interface`)).body.interfaceAttachments;
    expect(nics.find((n: { port_id: string }) => n.port_id === port.id).tag).toBe('mgmt');
    expect(
      t.cloud.computes.some((c) =>
        c.driver
          .guests()
          .find((g) => g.uuid === id)
          ?.interfaces.has(port.id),
      ),
    ).toBe(true);
    // The port is taken now; unknown networks and ports are 400; 2.37 needs networks.
    expect((await create({ networks: [{ port: port.id }] })).status).toBe(400);
    expect((await create({ networks: [{ uuid: MISSING }] })).body.badRequest.message).toBe(
      `Network ${MISSING} could not be found.`,
    );
    expect((await create({ networks: [{ uuid: 'nope' }] })).body.badRequest.message).toBe(
      'Bad networks format: network uuid is not in proper format (nope)',
    );
    expect((await create({ networks: 'some' })).status).toBe(400);
    const missingNetworks = await call('POST', '/servers', {
      server: { name: 'n', imageRef: IMAGE, flavorRef: '1' },
    });
    expect(missingNetworks.status).toBe(400);
  });

  it('block_device_mapping_v2: the image disk and a blank volume', async () => {
    const res = await create({
      block_device_mapping_v2: imageDiskAndBlankVolume(IMAGE, { tag: 'scratch' }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const id = res.body.server.id;
    const server = await active(id);
    expect(server['os-extended-volumes:volumes_attached']).toHaveLength(1);
    const attachments = (await call('GET', `/servers/${id}/os-volume_attachments`)).body.volumeAttachments;
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ device: '/dev/vdb', tag: 'scratch', delete_on_termination: true });
    const volume = await fakeVolumesFor(t.cloud.apiDatabase).get(
      adminContext('req-t'),
      attachments[0].volumeId,
    );
    expect(volume).toMatchObject({ size: 1, status: 'in-use' });
    expect(
      t.cloud.computes.some((c) =>
        c.driver
          .guests()
          .find((g) => g.uuid === id)
          ?.volumes.has(volume.id),
      ),
    ).toBe(true);

    const bad = (bdm: unknown) => create({ block_device_mapping_v2: [bdm] });
    expect((await bad({ source_type: 'blank', destination_type: 'volume' })).status).toBe(400);
    expect((await bad({ source_type: 'image', destination_type: 'local', boot_index: 1 })).status).toBe(400);
    expect((await bad({ source_type: 'volume', destination_type: 'volume', uuid: MISSING })).status).toBe(
      400,
    );
    expect((await bad({ source_type: 'tape' })).status).toBe(400);
    expect((await bad({ source_type: 'blank', volume_size: 1, colour: 'red' })).status).toBe(400);
  });

  it('boot from volume: an existing volume and a volume made from the image; delete_on_termination', async () => {
    const volumes = fakeVolumesFor(t.cloud.apiDatabase);
    const admin = adminContext('req-bfv');
    const existing = await volumes.create(admin, { size: 2, name: 'root' });
    const noImage = (server: Record<string, unknown>) =>
      call('POST', '/servers', {
        server: { name: 'bfv', flavorRef: '1', networks: 'none', ...server },
      });
    const fromVolume = await noImage({
      block_device_mapping_v2: [
        { source_type: 'volume', destination_type: 'volume', uuid: existing.id, boot_index: 0 },
      ],
    });
    expect(fromVolume.status, JSON.stringify(fromVolume.body)).toBe(202);
    const fromImage = await noImage({
      imageRef: '',
      block_device_mapping_v2: [
        {
          source_type: 'image',
          destination_type: 'volume',
          uuid: IMAGE,
          boot_index: 0,
          volume_size: 3,
          delete_on_termination: true,
        },
      ],
    });
    expect(fromImage.status, JSON.stringify(fromImage.body)).toBe(202);
    const a = await active(fromVolume.body.server.id);
    const b = await active(fromImage.body.server.id);
    expect(a.image).toBe('');
    expect(b.image).toBe('');
    expect(a['os-extended-volumes:volumes_attached']).toEqual([
      { id: existing.id, delete_on_termination: false },
    ]);
    const [made] = (await call('GET', `/servers/${b.id}/os-volume_attachments`, undefined, '2.79')).body
      .volumeAttachments;
    expect(made).toMatchObject({ device: '/dev/vda', delete_on_termination: true });
    expect(await volumes.get(admin, made.volumeId)).toMatchObject({
      size: 3,
      status: 'in-use',
      volume_image_metadata: { image_id: IMAGE },
    });
    expect(await volumes.get(admin, existing.id)).toMatchObject({ status: 'in-use' });
    // NOTE(nova): the root disk is the volume: no DISK_GB for it in placement.
    const disk = async (id: string) =>
      Object.values(
        (await t.placement('GET', `/allocations/${id}`)).body.allocations as Record<
          string,
          { resources: Record<string, number> }
        >,
      )[0].resources.DISK_GB ?? 0;
    expect(a.flavor.disk).toBeGreaterThan(0);
    expect(await disk(a.id)).toBe(0);
    expect(await disk(b.id)).toBe(0);
    // The root volume stays; delete_on_termination decides what happens to it on delete.
    expect((await call('DELETE', `/servers/${a.id}/os-volume_attachments/${existing.id}`)).status).toBe(400);
    for (const id of [a.id, b.id]) expect((await call('DELETE', `/servers/${id}`)).status).toBe(204);
    await waitFor('deleted', async () =>
      (await call('GET', `/servers/${b.id}`)).status === 404 ? true : undefined,
    );
    expect(await volumes.get(admin, existing.id)).toMatchObject({ status: 'available', attachments: [] });
    await expect(volumes.get(admin, made.volumeId)).rejects.toMatchObject({ status: 404 });

    // Without imageRef a boot volume is needed; an image volume needs its size.
    expect((await noImage({})).body.badRequest.message).toBe('Missing imageRef attribute');
    const noBoot = await noImage({
      block_device_mapping_v2: [{ source_type: 'blank', destination_type: 'volume', volume_size: 1 }],
    });
    expect(noBoot.body.badRequest.message).toBe(
      'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.',
    );
    const noSize = await noImage({
      block_device_mapping_v2: [
        { source_type: 'image', destination_type: 'volume', uuid: IMAGE, boot_index: 0 },
      ],
    });
    expect(noSize.status).toBe(400);
  });

  it('tags (2.52), trusted certificates (2.63), user_data as base64', async () => {
    const res = await create({
      tags: ['a', 'b'],
      trusted_image_certificates: ['cert-1', 'cert-2'],
      user_data: 'aGVsbG8=',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const server = await active(res.body.server.id);
    expect(server.tags).toEqual(['a', 'b']);
    expect(server.trusted_image_certificates).toEqual(['cert-1', 'cert-2']);
    expect(
      (await call('GET', `/servers/${res.body.server.id}`, undefined, '2.62')).body.server,
    ).not.toHaveProperty('trusted_image_certificates');
    expect((await create({ tags: ['a'] }, '2.51')).status).toBe(400);
    expect((await create({ trusted_image_certificates: ['c'] }, '2.62')).status).toBe(400);
    expect((await create({ trusted_image_certificates: [] })).status).toBe(400);
    expect((await create({ tags: ['a/b'] })).status).toBe(400);
    const userData = await create({ user_data: 'not base64!' });
    expect(userData.status).toBe(400);
    expect(userData.body.badRequest.message).toContain("is not a 'base64'");
    const rid = await create({ return_reservation_id: true });
    expect(rid.body.reservation_id).toMatch(/^r-[0-9a-z]+$/);
    // Every server built before the cloud stops (a build in flight would hold the shutdown).
    await waitFor('all active', async () =>
      (await call('GET', '/servers/detail')).body.servers.every(
        (s: { status: string }) => s.status === 'ACTIVE',
      )
        ? true
        : undefined,
    );
  });
});
