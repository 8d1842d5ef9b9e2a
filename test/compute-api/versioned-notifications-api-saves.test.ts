/**
 * instance.update for the saves nova-api makes without changing a state
 * (Nova's `Instance.save()` sends one for each): EC2 CreateTags/DeleteTags,
 * lock/unlock, server metadata, security groups, clearing the password,
 * and the addresses and volumes of os-interface and os-volume_attachments. With `vm_state` each
 * carries the current states on both sides of state_update.
 */
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { adminContext } from '@novats/core';
import { fakeVolumesFor, PRIVATE_NETWORK_ID } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCloud, waitFor } from '../support/cloud.js';
import {
  bootActiveServer,
  type NotificationEnvelope,
  notificationsConf,
  notifiedClouds,
} from '../support/notification-consumers.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const mv = { 'openstack-api-version': 'compute 2.93' };
const CONF = notificationsConf('versioned', { stateChange: 'vm_state' });

type Envelope = NotificationEnvelope;

const clouds = notifiedClouds();
let t: TestCloud;
let seen: Envelope[];

beforeAll(async () => {
  ({ t, versioned: seen } = await clouds.start(CONF, {
    hosts: 1,
    identity: { adminPassword: 'saves-admin', port: 0, legacyPort: null },
  }));
}, 60_000);
afterAll(() => clouds.stopAll());

const data = (n: Envelope) => n.payload['nova_object.data'];
const states = (n: Envelope) => data(n).state_update['nova_object.data'];
const updatesOf = (id: string) =>
  seen.filter((n) => n.event_type === 'instance.update' && data(n).uuid === id);

const boot = async (name: string): Promise<string> => (await bootActiveServer(t, name, IMAGE, mv)).id;

/** Runs `request`, then returns the one instance.update it caused. */
async function updateAfter(id: string, request: () => Promise<number>, status: number): Promise<Envelope> {
  const before = updatesOf(id).length;
  expect(await request()).toBe(status);
  return waitFor('instance.update', async () => {
    const after = updatesOf(id);
    return after.length > before ? after[before] : undefined;
  });
}

/** A save that changed no state: the current states on both sides, no rename. */
function expectStateless(n: Envelope, id: string) {
  expect(n.payload['nova_object.name']).toBe('InstanceUpdatePayload');
  expect(n.payload['nova_object.version']).toBe('2.0');
  expect(n.publisher_id).toMatch(/^nova-compute:/);
  expect(data(n)).toMatchObject({ uuid: id, state: 'active', task_state: null, old_display_name: null });
  expect(states(n)).toEqual({
    old_state: 'active',
    state: 'active',
    old_task_state: null,
    new_task_state: null,
  });
}

const call = (method: string, path: string, body?: unknown) => async () =>
  (await t.compute(method, path, body, 'admin:admin', mv)).status;

describe('instance.update on the API-side saves', () => {
  it('EC2 CreateTags and DeleteTags (the tags are the metadata)', async () => {
    const id = await boot('ec2-tagged');
    const ks = async (method: string, path: string, token: string | null, body?: unknown) => {
      const res = await fetch(`${t.cloud.endpoints.identity}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { 'x-auth-token': token } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { token: res.headers.get('x-subject-token'), body: (await res.json()) as any };
    };
    const auth = await ks('POST', '/auth/tokens', null, {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'saves-admin' } },
        },
        scope: { project: { name: 'admin', domain: { id: 'default' } } },
      },
    });
    const cred = await ks('POST', `/users/${auth.body.token.user.id}/credentials/OS-EC2`, auth.token, {
      tenant_id: auth.body.token.project.id,
    });
    const ec2 = new EC2Client({
      endpoint: t.cloud.endpoints.ec2,
      region: 'nova',
      credentials: { accessKeyId: cred.body.credential.access, secretAccessKey: cred.body.credential.secret },
      maxAttempts: 1,
    });
    try {
      const described = await ec2.send(new DescribeInstancesCommand({}));
      const ids = described.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!));
      expect(ids).toHaveLength(1);
      const created = await updateAfter(
        id,
        async () => {
          await ec2.send(new CreateTagsCommand({ Resources: ids, Tags: [{ Key: 'env', Value: 'prod' }] }));
          return 200;
        },
        200,
      );
      expectStateless(created, id);
      expect(data(created).metadata).toEqual({ env: 'prod' });
      const deleted = await updateAfter(
        id,
        async () => {
          await ec2.send(new DeleteTagsCommand({ Resources: ids, Tags: [{ Key: 'env' }] }));
          return 200;
        },
        200,
      );
      expectStateless(deleted, id);
      expect(data(deleted).metadata).toEqual({});
    } finally {
      ec2.destroy();
    }
  }, 60_000);

  it('lock and unlock, metadata set/update/delete, security group add/remove', async () => {
    const id = await boot('saved');
    const locked = await updateAfter(
      id,
      call('POST', `/servers/${id}/action`, { lock: { locked_reason: 'audit' } }),
      202,
    );
    expectStateless(locked, id);
    expect(data(locked)).toMatchObject({ locked: true, locked_reason: 'audit', tags: [] });
    const unlocked = await updateAfter(id, call('POST', `/servers/${id}/action`, { unlock: null }), 202);
    expect(data(unlocked)).toMatchObject({ locked: false, locked_reason: null });

    const merged = await updateAfter(
      id,
      call('POST', `/servers/${id}/metadata`, { metadata: { a: '1' } }),
      200,
    );
    expectStateless(merged, id);
    expect(data(merged).metadata).toEqual({ a: '1' });
    const replaced = await updateAfter(
      id,
      call('PUT', `/servers/${id}/metadata`, { metadata: { b: '2' } }),
      200,
    );
    expect(data(replaced).metadata).toEqual({ b: '2' });
    const one = await updateAfter(id, call('PUT', `/servers/${id}/metadata/c`, { meta: { c: '3' } }), 200);
    expect(data(one).metadata).toEqual({ b: '2', c: '3' });
    const dropped = await updateAfter(id, call('DELETE', `/servers/${id}/metadata/b`), 204);
    expectStateless(dropped, id);
    expect(data(dropped).metadata).toEqual({ c: '3' });

    const tagged = await t.compute('PUT', `/servers/${id}/tags/blue`, undefined, 'admin:admin', mv);
    expect(tagged.status).toBe(201);
    const added = await updateAfter(
      id,
      call('POST', `/servers/${id}/action`, { addSecurityGroup: { name: 'web' } }),
      202,
    );
    expectStateless(added, id);
    // The server's tags ride on every instance.update.
    expect(data(added).tags).toEqual(['blue']);
    const removed = await updateAfter(
      id,
      call('POST', `/servers/${id}/action`, { removeSecurityGroup: { name: 'web' } }),
      202,
    );
    expectStateless(removed, id);
    const cleared = await updateAfter(id, call('DELETE', `/servers/${id}/os-server-password`), 204);
    expectStateless(cleared, id);
  }, 60_000);

  it('the addresses of os-interface and the volumes of os-volume_attachments', async () => {
    const id = await boot('attached');
    const ports = (n: Envelope) =>
      data(n).ip_addresses.map(
        (ip: { 'nova_object.data': { address: string } }) => ip['nova_object.data'].address,
      );
    const attach = await updateAfter(
      id,
      call('POST', `/servers/${id}/os-interface`, {
        interfaceAttachment: { net_id: PRIVATE_NETWORK_ID, fixed_ips: [{ ip_address: '10.200.0.19' }] },
      }),
      200,
    );
    expectStateless(attach, id);
    expect(ports(attach)).toContain('10.200.0.19');
    const portId = (await t.compute('GET', `/servers/${id}/os-interface`, undefined, 'admin:admin', mv)).body
      .interfaceAttachments[0].port_id as string;
    const detach = await updateAfter(id, call('DELETE', `/servers/${id}/os-interface/${portId}`), 202);
    expectStateless(detach, id);
    expect(ports(detach)).not.toContain('10.200.0.19');

    const volume = await fakeVolumesFor(t.cloud.apiDatabase).create(adminContext('req-test'), { size: 1 });
    const attached = await updateAfter(
      id,
      call('POST', `/servers/${id}/os-volume_attachments`, { volumeAttachment: { volumeId: volume.id } }),
      200,
    );
    expectStateless(attached, id);
    const detached = await updateAfter(
      id,
      call('DELETE', `/servers/${id}/os-volume_attachments/${volume.id}`),
      202,
    );
    expectStateless(detached, id);
  }, 60_000);
});
