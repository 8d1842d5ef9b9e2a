/**
 * Versioned notifications of nova-compute on the all-in-one's in-process
 * bus: with `[oslo_messaging_notifications] driver = messagingv2` and
 * `[notifications] notification_format = versioned` a consumer of
 * `versioned_notifications.info` sees instance.create/power_off/power_on/
 * delete start and end with Nova's payload envelopes; with no driver
 * nothing is sent.
 */
import { adminContext } from '@novats/core';
import { fakeVolumesFor, PRIVATE_NETWORK_ID } from '@novats/server';
import { afterAll, describe, expect, it } from 'vitest';
import { type TestCloud, waitFor } from '../support/cloud.js';
import {
  bootActiveServer,
  type NotificationEnvelope,
  notificationsConf,
  notifiedClouds,
  settleServer,
} from '../support/notification-consumers.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const mv = { 'openstack-api-version': 'compute 2.93' };

type Envelope = NotificationEnvelope;

const clouds = notifiedClouds();
afterAll(() => clouds.stopAll());

/** A cloud with `conf`: `seen` is what a consumer of versioned_notifications.info receives, `legacy` of notifications.info. */
async function cloudWithConsumer(
  conf: string,
): Promise<{ t: TestCloud; seen: Envelope[]; legacy: Envelope[] }> {
  const { t, versioned, legacy } = await clouds.start(conf, { hosts: 2 });
  return { t, seen: versioned, legacy };
}

const settle = (t: TestCloud, id: string, status: string) => settleServer(t, id, status, mv);

/** Boots a server with no network as admin and waits until it is ACTIVE; returns its id. */
const bootActive = async (t: TestCloud, name: string): Promise<string> =>
  (await bootActiveServer(t, name, IMAGE, mv)).id;

/** The HTTP status of server action `body` on server `id`, as admin. */
async function act(t: TestCloud, id: string, body: unknown): Promise<number> {
  return (await t.compute('POST', `/servers/${id}/action`, body, 'admin:admin', mv)).status;
}

/** Boots, stops, starts and deletes a server; returns its id. */
async function lifecycle(t: TestCloud): Promise<string> {
  const id = await bootActive(t, 'notified');
  expect(await act(t, id, { 'os-stop': null })).toBe(202);
  await settle(t, id, 'SHUTOFF');
  expect(await act(t, id, { 'os-start': null })).toBe(202);
  await settle(t, id, 'ACTIVE');
  expect((await t.compute('DELETE', `/servers/${id}`, undefined, 'admin:admin', mv)).status).toBe(204);
  await waitFor('server gone', async () =>
    (await t.compute('GET', `/servers/${id}`, undefined, 'admin:admin', mv)).status === 404
      ? true
      : undefined,
  );
  return id;
}

describe('versioned notifications', () => {
  let first: { t: TestCloud; seen: Envelope[] } | undefined;
  it('sends instance.create, power_off, power_on and delete start/end in Nova’s envelope', async () => {
    first = await cloudWithConsumer(notificationsConf('versioned'));
    const { t, seen } = first;
    const id = await lifecycle(t);
    const mine = () => seen.filter((n) => n.payload['nova_object.data'].uuid === id);
    await waitFor('instance.delete.end', async () =>
      mine().some((n) => n.event_type === 'instance.delete.end') ? true : undefined,
    );
    const [createStart, createEnd, offStart, offEnd, , onEnd, , deleteEnd] = mine();
    expect(mine().map((n) => n.event_type)).toEqual([
      'instance.create.start',
      'instance.create.end',
      'instance.power_off.start',
      'instance.power_off.end',
      'instance.power_on.start',
      'instance.power_on.end',
      'instance.delete.start',
      'instance.delete.end',
    ]);
    const host = createEnd.payload['nova_object.data'].host as string;
    expect(t.cloud.computes.map((c) => c.host)).toContain(host);
    for (const n of mine()) {
      expect(n.publisher_id).toBe(`nova-compute:${host}`);
      expect(n.priority).toBe('INFO');
      expect(n.message_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(n.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      expect(n.payload['nova_object.namespace']).toBe('nova');
    }
    expect(createStart.payload['nova_object.name']).toBe('InstanceCreatePayload');
    expect(createStart.payload['nova_object.version']).toBe('1.12');
    expect(createStart.payload['nova_object.data'].task_state).toBe('spawning');
    const created = createEnd.payload['nova_object.data'];
    expect(created).toMatchObject({
      uuid: id,
      display_name: 'notified',
      host,
      state: 'active',
      power_state: 'running',
      task_state: null,
      image_uuid: IMAGE,
      tenant_id: 'admin',
      fault: null,
      tags: [],
    });
    expect(created.launched_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.flavor['nova_object.name']).toBe('FlavorPayload');
    expect(created.flavor['nova_object.data'].flavorid).toBe('1');
    expect(offStart.payload['nova_object.name']).toBe('InstanceActionPayload');
    expect(offStart.payload['nova_object.version']).toBe('1.8');
    expect(offStart.payload['nova_object.data']).toMatchObject({
      state: 'active',
      task_state: 'powering-off',
    });
    expect(offEnd.payload['nova_object.data']).toMatchObject({ state: 'stopped', power_state: 'shutdown' });
    expect(onEnd.payload['nova_object.data']).toMatchObject({ state: 'active', power_state: 'running' });
    expect(deleteEnd.payload['nova_object.data'].state).toBe('deleted');
    expect(deleteEnd.payload['nova_object.data'].deleted_at).not.toBeNull();
  }, 60_000);

  it('sends pause, unpause, rescue (its own payload), unrescue, resize, resize_finish and resize_confirm start/end', async () => {
    const { t, seen } = first!;
    const id = await bootActive(t, 'moved');
    expect(await act(t, id, { pause: null })).toBe(202);
    await settle(t, id, 'PAUSED');
    expect(await act(t, id, { unpause: null })).toBe(202);
    await settle(t, id, 'ACTIVE');
    expect(await act(t, id, { rescue: {} })).toBe(200);
    await settle(t, id, 'RESCUE');
    expect(await act(t, id, { unrescue: null })).toBe(202);
    await settle(t, id, 'ACTIVE');
    expect(await act(t, id, { resize: { flavorRef: '2' } })).toBe(202);
    await settle(t, id, 'VERIFY_RESIZE');
    expect(await act(t, id, { confirmResize: null })).toBe(204);
    await settle(t, id, 'ACTIVE');
    const events = () =>
      seen.filter((n) => n.payload['nova_object.data'].uuid === id).map((n) => n.event_type);
    await waitFor('instance.resize_confirm.end', async () =>
      events().includes('instance.resize_confirm.end') ? true : undefined,
    );
    expect(events()).toEqual([
      'instance.create.start',
      'instance.create.end',
      'instance.pause.start',
      'instance.pause.end',
      'instance.unpause.start',
      'instance.unpause.end',
      // Nova's rescue first reports the usage of the current audit period.
      'instance.exists',
      'instance.rescue.start',
      'instance.rescue.end',
      'instance.unrescue.start',
      'instance.unrescue.end',
      'instance.resize.start',
      'instance.resize.end',
      'instance.resize_finish.start',
      'instance.resize_finish.end',
      'instance.resize_confirm.start',
      'instance.resize_confirm.end',
    ]);
    const rescued = seen.find(
      (n) => n.event_type === 'instance.rescue.end' && n.payload['nova_object.data'].uuid === id,
    );
    expect(rescued?.payload['nova_object.name']).toBe('InstanceActionRescuePayload');
    expect(rescued?.payload['nova_object.version']).toBe('1.3');
    expect(rescued?.payload['nova_object.data']).toHaveProperty('rescue_image_ref');
    expect(rescued?.payload['nova_object.data'].state).toBe('rescued');
    const finished = seen.find(
      (n) => n.event_type === 'instance.resize_finish.end' && n.payload['nova_object.data'].uuid === id,
    );
    expect(finished?.payload['nova_object.data'].flavor['nova_object.data'].flavorid).toBe('2');
    expect(finished?.payload['nova_object.data'].state).toBe('resized');
  }, 60_000);

  it('with notification_format = both also sends the legacy compute.instance.* events on notifications', async () => {
    const { t, seen, legacy } = await cloudWithConsumer(notificationsConf('both'));
    const id = await lifecycle(t);
    await waitFor('legacy delete.end', async () =>
      legacy.some((n) => n.event_type === 'compute.instance.delete.end') ? true : undefined,
    );
    const mine = legacy.filter((n) => (n.payload as unknown as Record<string, unknown>).instance_id === id);
    expect(mine.map((n) => n.event_type)).toEqual([
      'compute.instance.create.start',
      'compute.instance.create.end',
      'compute.instance.power_off.start',
      'compute.instance.power_off.end',
      'compute.instance.power_on.start',
      'compute.instance.power_on.end',
      'compute.instance.delete.start',
      'compute.instance.delete.end',
    ]);
    const created = mine[1] as unknown as { publisher_id: string; payload: Record<string, unknown> };
    expect(created.publisher_id).toMatch(/^compute\./);
    expect(created.payload).toMatchObject({
      instance_id: id,
      display_name: 'notified',
      instance_type: 'm1.tiny',
      instance_flavor_id: '1',
      memory_mb: 512,
      state: 'active',
      message: 'Success',
      image_ref_url: IMAGE,
    });
    expect(created.payload.launched_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect((mine[7].payload as unknown as Record<string, unknown>).state).toBe('deleted');
    // Both: the versioned events are sent too.
    expect(seen.some((n) => n.event_type === 'instance.create.end')).toBe(true);

    // A volume attached and detached: instance.volume_attach/detach start and end with its volume_id.
    const server = await bootActive(t, 'vol');
    const volume = await fakeVolumesFor(t.cloud.apiDatabase).create(adminContext('req-v'), { size: 1 });
    const attached = await t.compute(
      'POST',
      `/servers/${server}/os-volume_attachments`,
      { volumeAttachment: { volumeId: volume.id } },
      'admin:admin',
      mv,
    );
    expect(attached.status).toBe(200);
    const detached = await t.compute(
      'DELETE',
      `/servers/${server}/os-volume_attachments/${volume.id}`,
      undefined,
      'admin:admin',
      mv,
    );
    expect(detached.status).toBe(202);
    const volumeEvents = () =>
      seen.filter(
        (n) => n.event_type.startsWith('instance.volume_') && n.payload['nova_object.data'].uuid === server,
      );
    await waitFor('volume_detach.end', async () => (volumeEvents().length === 4 ? true : undefined));
    expect(volumeEvents().map((n) => n.event_type)).toEqual([
      'instance.volume_attach.start',
      'instance.volume_attach.end',
      'instance.volume_detach.start',
      'instance.volume_detach.end',
    ]);
    expect(volumeEvents()[1].payload['nova_object.name']).toBe('InstanceActionVolumePayload');
    expect(volumeEvents()[1].payload['nova_object.data'].volume_id).toBe(volume.id);
    expect(legacy.map((n) => n.event_type).filter((e) => e.includes('volume'))).toEqual([]);
  }, 60_000);

  it('sends instance.interface_attach and interface_detach start/end around os-interface', async () => {
    const { t, seen } = first!;
    const res = await t.compute(
      'POST',
      '/servers',
      { server: { name: 'nics', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
      'admin:admin',
      mv,
    );
    const id = res.body.server.id as string;
    await settle(t, id, 'ACTIVE');
    const attached = await t.compute(
      'POST',
      `/servers/${id}/os-interface`,
      { interfaceAttachment: { net_id: PRIVATE_NETWORK_ID, fixed_ips: [{ ip_address: '10.200.0.9' }] } },
      'admin:admin',
      mv,
    );
    expect(attached.status, JSON.stringify(attached.body)).toBe(200);
    const portId = attached.body.interfaceAttachment.port_id as string;
    const detached = await t.compute(
      'DELETE',
      `/servers/${id}/os-interface/${portId}`,
      undefined,
      'admin:admin',
      mv,
    );
    expect(detached.status).toBe(202);
    const nicEvents = () =>
      seen.filter(
        (n) => n.event_type.startsWith('instance.interface_') && n.payload['nova_object.data'].uuid === id,
      );
    await waitFor('interface_detach.end', async () =>
      nicEvents().some((n) => n.event_type === 'instance.interface_detach.end') ? true : undefined,
    );
    expect(nicEvents().map((n) => n.event_type)).toEqual([
      'instance.interface_attach.start',
      'instance.interface_attach.end',
      'instance.interface_detach.start',
      'instance.interface_detach.end',
    ]);
    const host = (await t.compute('GET', `/servers/${id}`, undefined, 'admin:admin', mv)).body.server[
      'OS-EXT-SRV-ATTR:host'
    ];
    for (const n of nicEvents()) {
      expect(n.publisher_id).toBe(`nova-compute:${host}`);
      expect(n.payload['nova_object.name']).toBe('InstanceActionPayload');
      expect(n.payload['nova_object.version']).toBe('1.8');
      expect(n.payload['nova_object.data']).toMatchObject({ uuid: id, state: 'active', fault: null });
    }
    const addressesOf = (n: Envelope) =>
      n.payload['nova_object.data'].ip_addresses.map(
        (ip: { 'nova_object.data': { address: string; port_uuid: string } }) => ip['nova_object.data'],
      );
    const [, attachEnd, detachStart, detachEnd] = nicEvents();
    // The instance the host plugged the port into carries it; after the unplug it is gone.
    expect(addressesOf(attachEnd)).toContainEqual(
      expect.objectContaining({ address: '10.200.0.9', port_uuid: portId }),
    );
    expect(addressesOf(detachStart).map((a: { port_uuid: string }) => a.port_uuid)).toContain(portId);
    expect(addressesOf(detachEnd).map((a: { port_uuid: string }) => a.port_uuid)).not.toContain(portId);
  }, 60_000);

  it('sends nothing when [oslo_messaging_notifications] driver is unset', async () => {
    const { t, seen } = await cloudWithConsumer(notificationsConf('versioned', { driver: false }));
    await lifecycle(t);
    expect(seen).toEqual([]);
  }, 60_000);
});
