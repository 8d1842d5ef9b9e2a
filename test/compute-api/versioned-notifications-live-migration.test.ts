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

type Envelope = NotificationEnvelope;

const clouds = notifiedClouds();
let t: TestCloud;
let versioned: Envelope[];
let legacy: Envelope[];

beforeAll(async () => {
  ({ t, versioned, legacy } = await clouds.start(notificationsConf('both'), { hosts: 2 }));
});
afterAll(() => clouds.stopAll());

const act = (id: string, body: unknown) =>
  t.compute('POST', `/servers/${id}/action`, body, 'admin:admin', mv);
const liveEvents = (id: string) =>
  versioned
    .filter(
      (n) => n.event_type.startsWith('instance.live_migration') && n.payload['nova_object.data'].uuid === id,
    )
    .map((n) => n);
const legacyLive = (id: string) =>
  legacy
    .filter((n) => /^compute\.instance\.live[._]migration/.test(n.event_type) && n.payload.instance_id === id)
    .map((n) => n.event_type);

async function boot(name: string): Promise<{ id: string; host: string }> {
  const s = await bootActiveServer(t, name, IMAGE, mv);
  return { id: s.id, host: s['OS-EXT-SRV-ATTR:host'] };
}

const driverOf = (host: string) => t.cloud.computes.find((c) => c.host === host)!.driver;

describe('live migration notifications', () => {
  it('os-migrateLive sends live_migration_pre (destination), post and post_dest', async () => {
    const { id, host: source } = await boot('live');
    expect((await act(id, { 'os-migrateLive': { host: null, block_migration: 'auto' } })).status).toBe(202);
    const dest = t.cloud.computes.map((c) => c.host).find((h) => h !== source)!;
    await waitFor('post.end', async () =>
      liveEvents(id).some((n) => n.event_type === 'instance.live_migration_post.end') ? true : undefined,
    );
    const events = liveEvents(id);
    expect(events.map((n) => `${n.event_type}@${n.publisher_id}`)).toEqual([
      `instance.live_migration_pre.start@nova-compute:${dest}`,
      `instance.live_migration_pre.end@nova-compute:${dest}`,
      `instance.live_migration_post.start@nova-compute:${source}`,
      `instance.live_migration_post_dest.start@nova-compute:${dest}`,
      `instance.live_migration_post_dest.end@nova-compute:${dest}`,
      `instance.live_migration_post.end@nova-compute:${source}`,
    ]);
    for (const n of events) {
      expect(n.payload['nova_object.name']).toBe('InstanceActionPayload');
      expect(n.payload['nova_object.version']).toBe('1.8');
    }
    expect(events[0].payload['nova_object.data']).toMatchObject({
      uuid: id,
      host: source,
      task_state: 'migrating',
      state: 'active',
    });
    expect(events[5].payload['nova_object.data']).toMatchObject({ host: dest, task_state: null });
    await waitFor('legacy post.end', async () =>
      legacyLive(id).includes('compute.instance.live_migration._post.end') ? true : undefined,
    );
    expect(legacyLive(id)).toEqual([
      'compute.instance.live_migration.pre.start',
      'compute.instance.live_migration.pre.end',
      'compute.instance.live_migration._post.start',
      'compute.instance.live_migration.post.dest.start',
      'compute.instance.live_migration.post.dest.end',
      'compute.instance.live_migration._post.end',
    ]);
  }, 60_000);

  it('a failed migration sends live_migration_rollback around the destination’s rollback_dest', async () => {
    const { id, host: source } = await boot('rolled-back');
    driverOf(source).faults.failNext('liveMigration', { instanceUuid: id });
    expect((await act(id, { 'os-migrateLive': { host: null, block_migration: 'auto' } })).status).toBe(202);
    await waitFor('rollback.end', async () =>
      liveEvents(id).some((n) => n.event_type === 'instance.live_migration_rollback.end') ? true : undefined,
    );
    expect(liveEvents(id).map((n) => n.event_type)).toEqual([
      'instance.live_migration_pre.start',
      'instance.live_migration_pre.end',
      'instance.live_migration_rollback.start',
      'instance.live_migration_rollback_dest.start',
      'instance.live_migration_rollback_dest.end',
      'instance.live_migration_rollback.end',
    ]);
    expect(liveEvents(id)[2].publisher_id).toBe(`nova-compute:${source}`);
    expect(liveEvents(id)[2].payload['nova_object.data'].host).toBe(source);
    await waitFor('legacy rollback.end', async () =>
      legacyLive(id).includes('compute.instance.live_migration._rollback.end') ? true : undefined,
    );
    expect(legacyLive(id)).toContain('compute.instance.live_migration.rollback.dest.start');
  }, 60_000);

  it('force_complete and abort of a running migration notify on its source host', async () => {
    for (const how of ['force_complete', 'abort'] as const) {
      const { id, host: source } = await boot(`steered-${how}`);
      driverOf(source).faults.delay('liveMigration', 1500, { instanceUuid: id, times: 1 });
      expect((await act(id, { 'os-migrateLive': { host: null, block_migration: 'auto' } })).status).toBe(202);
      const migration = await waitFor('running migration', async () => {
        const r = await t.compute('GET', `/servers/${id}/migrations`, undefined, 'admin:admin', mv);
        return r.body.migrations?.find((m: { status: string }) => m.status === 'running');
      });
      const res =
        how === 'abort'
          ? await t.compute(
              'DELETE',
              `/servers/${id}/migrations/${migration.id}`,
              undefined,
              'admin:admin',
              mv,
            )
          : await t.compute(
              'POST',
              `/servers/${id}/migrations/${migration.id}/action`,
              { force_complete: null },
              'admin:admin',
              mv,
            );
      expect(res.status).toBe(202);
      const event = `instance.live_migration_${how}`;
      await waitFor(`${event}.end`, async () =>
        liveEvents(id).some((n) => n.event_type === `${event}.end`) ? true : undefined,
      );
      const steered = liveEvents(id).filter((n) => n.event_type.startsWith(event));
      expect(steered.map((n) => n.event_type)).toEqual([`${event}.start`, `${event}.end`]);
      expect(steered[0].publisher_id).toBe(`nova-compute:${source}`);
      expect(steered[0].payload['nova_object.data']).toMatchObject({ uuid: id, task_state: 'migrating' });
      const legacyName = how === 'abort' ? 'abort' : 'force.complete';
      await waitFor('legacy', async () =>
        legacyLive(id).includes(`compute.instance.live.migration.${legacyName}.end`) ? true : undefined,
      );
      expect(legacyLive(id)).toContain(`compute.instance.live.migration.${legacyName}.start`);
    }
  }, 60_000);
});
