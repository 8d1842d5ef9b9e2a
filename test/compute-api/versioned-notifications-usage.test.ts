import { TestClock } from '@novats/server/testing';
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

const cloudWithConsumers = (conf: string, clock?: TestClock) =>
  clouds.start(conf, { hosts: 1, ...(clock ? { clock } : {}) });

const settle = (t: TestCloud, id: string, status: string) => settleServer(t, id, status, mv);
const boot = async (t: TestCloud, name: string): Promise<string> =>
  (await bootActiveServer(t, name, IMAGE, mv)).id;

const data = (n: Envelope) => n.payload['nova_object.data'];
const transition = (n: Envelope) => {
  const s = data(n).state_update['nova_object.data'];
  return `${s.old_state}/${s.old_task_state} -> ${s.state}/${s.new_task_state}`;
};

describe('instance.update', () => {
  it('with vm_and_task_state reports every vm_state and task_state change, and a rename', async () => {
    const { t, versioned, legacy } = await cloudWithConsumers(
      notificationsConf('both', { stateChange: 'vm_and_task_state' }),
    );
    const id = await boot(t, 'watched');
    const updates = () => versioned.filter((n) => n.event_type === 'instance.update' && data(n).uuid === id);
    expect(
      (await t.compute('POST', `/servers/${id}/action`, { 'os-stop': null }, 'admin:admin', mv)).status,
    ).toBe(202);
    await settle(t, id, 'SHUTOFF');
    expect(
      (await t.compute('PUT', `/servers/${id}`, { server: { name: 'renamed' } }, 'admin:admin', mv)).status,
    ).toBe(200);
    await waitFor('rename update', async () =>
      updates().some((n) => data(n).old_display_name === 'watched') ? true : undefined,
    );
    const transitions = updates().map(transition);
    // The conductor reports the row it writes into the cell, with its current states both sides.
    expect(updates()[0].publisher_id).toMatch(/^nova-conductor:/);
    expect(transitions[0]).toBe('building/scheduling -> building/scheduling');
    // The build's steps on the host, then the stop: the API sets powering-off, the host ends it.
    expect(transitions).toContain('building/spawning -> active/null');
    expect(transitions).toContain('active/null -> active/powering-off');
    expect(transitions).toContain('active/powering-off -> stopped/null');
    expect(transitions.indexOf('active/null -> active/powering-off')).toBeLessThan(
      transitions.indexOf('active/powering-off -> stopped/null'),
    );
    const stopped = updates().find((n) => transition(n) === 'active/powering-off -> stopped/null')!;
    expect(stopped.priority).toBe('INFO');
    expect(stopped.publisher_id).toMatch(/^nova-compute:/);
    expect(stopped.payload['nova_object.name']).toBe('InstanceUpdatePayload');
    expect(stopped.payload['nova_object.version']).toBe('2.0');
    expect(data(stopped)).toMatchObject({
      uuid: id,
      display_name: 'watched',
      state: 'stopped',
      power_state: 'shutdown',
      task_state: null,
      old_display_name: null,
      tags: [],
    });
    expect(data(stopped)).not.toHaveProperty('bandwidth');
    expect(data(stopped).state_update['nova_object.name']).toBe('InstanceStateUpdatePayload');
    const audit = data(stopped).audit_period;
    expect(audit['nova_object.name']).toBe('AuditPeriodPayload');
    // The current period of the default `month` unit: from the 1st of this month to now.
    const begin = new Date();
    expect(audit['nova_object.data'].audit_period_beginning).toBe(
      `${begin.toISOString().slice(0, 8)}01T00:00:00Z`,
    );
    expect(Date.parse(audit['nova_object.data'].audit_period_ending)).toBeGreaterThan(Date.now() - 60_000);
    // A rename is an update without a state change: current states both sides, and the old name.
    const renamed = updates().find((n) => data(n).old_display_name === 'watched')!;
    expect(data(renamed).display_name).toBe('renamed');
    expect(transition(renamed)).toBe('stopped/null -> stopped/null');

    // The legacy compute.instance.update carries the same transitions as flat fields.
    const legacyUpdates = legacy.filter(
      (n) => n.event_type === 'compute.instance.update' && n.payload.instance_id === id,
    );
    const legacyStop = legacyUpdates.find(
      (n) => n.payload.old_task_state === 'powering-off' && n.payload.state === 'stopped',
    );
    expect(legacyStop?.publisher_id).toMatch(/^compute\./);
    expect(legacyStop?.payload).toMatchObject({
      old_state: 'active',
      state: 'stopped',
      new_task_state: null,
      display_name: 'watched',
      instance_type: 'm1.tiny',
    });
    expect(legacyStop?.payload.audit_period_beginning).toMatch(/^\d{4}-\d\d-01T00:00:00\.000000$/);
    expect(legacyUpdates.some((n) => n.payload.old_display_name === 'watched')).toBe(true);
  }, 60_000);

  it('with vm_state reports only vm_state changes; unset reports nothing', async () => {
    const { t, versioned } = await cloudWithConsumers(
      notificationsConf('versioned', { stateChange: 'vm_state' }),
    );
    const id = await boot(t, 'coarse');
    expect(
      (await t.compute('POST', `/servers/${id}/action`, { 'os-stop': null }, 'admin:admin', mv)).status,
    ).toBe(202);
    await settle(t, id, 'SHUTOFF');
    const updates = () => versioned.filter((n) => n.event_type === 'instance.update' && data(n).uuid === id);
    await waitFor('stop update', async () =>
      updates().some((n) => data(n).state === 'stopped') ? true : undefined,
    );
    // Every save is reported; only a vm_state change carries the transition, the others
    // the current states on both sides (a task_state step is not a transition here).
    const changes = updates().map((n) => data(n).state_update['nova_object.data']);
    expect(
      updates()
        .map(transition)
        .filter((_, i) => changes[i].old_state !== changes[i].state),
    ).toEqual(['building/spawning -> active/null', 'active/powering-off -> stopped/null']);
    for (const c of changes.filter((c) => c.old_state === c.state))
      expect(c.old_task_state).toBe(c.new_task_state);
    expect(updates().map(transition)).toContain('active/powering-off -> active/powering-off');

    // A build that fails on its only host ends in ERROR: a vm_state change too.
    t.cloud.computes[0].driver.faults.failNext('spawn');
    const res = await t.compute(
      'POST',
      '/servers',
      { server: { name: 'doomed', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
      'admin:admin',
      mv,
    );
    const doomed = res.body.server.id as string;
    await waitFor('error update', async () =>
      versioned.some(
        (n) => n.event_type === 'instance.update' && data(n).uuid === doomed && data(n).state === 'error',
      )
        ? true
        : undefined,
    );
    const failed = versioned.find(
      (n) => n.event_type === 'instance.update' && data(n).uuid === doomed && data(n).state === 'error',
    )!;
    expect(data(failed).state_update['nova_object.data']).toMatchObject({
      old_state: 'building',
      state: 'error',
    });

    const quiet = await cloudWithConsumers(notificationsConf('both'));
    await boot(quiet.t, 'unwatched');
    expect(quiet.versioned.filter((n) => n.event_type === 'instance.update')).toEqual([]);
    expect(quiet.legacy.filter((n) => n.event_type === 'compute.instance.update')).toEqual([]);
  }, 60_000);
});

describe('instance.exists', () => {
  it('the usage audit sends it once per completed period for the instances the host ran in it', async () => {
    const clock = new TestClock();
    const { t, versioned, legacy } = await cloudWithConsumers(
      notificationsConf('both', {
        extra: '[DEFAULT]\ninstance_usage_audit = True\ninstance_usage_audit_period = hour\n',
      }),
      clock,
    );
    const id = await boot(t, 'audited');
    // A server deleted within the hour is still audited for it.
    const gone = await boot(t, 'short-lived');
    expect((await t.compute('DELETE', `/servers/${gone}`, undefined, 'admin:admin', mv)).status).toBe(204);
    await waitFor('deleted', async () =>
      (await t.compute('GET', `/servers/${gone}`, undefined, 'admin:admin', mv)).status === 404
        ? true
        : undefined,
    );
    const manager = t.cloud.computes[0].manager;
    // The last completed hour ended before the server was launched: nothing to report.
    const first = await manager.instanceUsageAudit();
    expect(first?.instances).toEqual([]);
    // An hour later the hour it was launched in is complete.
    clock.advance(3_600_000);
    const second = await manager.instanceUsageAudit();
    expect([...(second?.instances ?? [])].sort()).toEqual([id, gone].sort());
    const hourEnd = new Date(clock.now());
    hourEnd.setUTCMinutes(0, 0, 0);
    expect(second?.period.ending).toBe(hourEnd.getTime());
    expect(second?.period.beginning).toBe(hourEnd.getTime() - 3_600_000);
    // The same period is audited once.
    expect((await manager.instanceUsageAudit())?.instances).toEqual([]);

    const exists = () => versioned.filter((n) => n.event_type === 'instance.exists' && data(n).uuid === id);
    await waitFor('instance.exists', async () =>
      versioned.filter((n) => n.event_type === 'instance.exists').length === 2 ? true : undefined,
    );
    await waitFor('compute.instance.exists', async () =>
      legacy.filter((n) => n.event_type === 'compute.instance.exists').length === 2 ? true : undefined,
    );
    expect(exists()).toHaveLength(1);
    expect(exists()[0].publisher_id).toBe(`nova-compute:${t.cloud.computes[0].host}`);
    expect(exists()[0].payload['nova_object.name']).toBe('InstanceExistsPayload');
    expect(exists()[0].payload['nova_object.version']).toBe('2.0');
    expect(data(exists()[0])).toMatchObject({ uuid: id, display_name: 'audited', state: 'active' });
    expect(data(exists()[0])).not.toHaveProperty('bandwidth');
    const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
    expect(data(exists()[0]).audit_period).toEqual({
      'nova_object.name': 'AuditPeriodPayload',
      'nova_object.namespace': 'nova',
      'nova_object.version': '1.0',
      'nova_object.data': {
        audit_period_beginning: iso(second!.period.beginning),
        audit_period_ending: iso(second!.period.ending),
      },
    });
    const legacyExists = legacy.filter(
      (n) => n.event_type === 'compute.instance.exists' && n.payload.instance_id === id,
    );
    expect(legacyExists).toHaveLength(1);
    const py = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    expect(legacyExists[0].payload).toMatchObject({
      instance_id: id,
      audit_period_beginning: py(second!.period.beginning),
      audit_period_ending: py(second!.period.ending),
      state: 'active',
    });
  }, 60_000);

  it('rescue and rebuild first report the usage of the current period, even without the audit', async () => {
    const { t, versioned } = await cloudWithConsumers(notificationsConf('versioned'));
    const id = await boot(t, 'billed');
    expect((await t.compute('POST', `/servers/${id}/action`, { rescue: {} }, 'admin:admin', mv)).status).toBe(
      200,
    );
    await settle(t, id, 'RESCUE');
    expect(
      (await t.compute('POST', `/servers/${id}/action`, { unrescue: null }, 'admin:admin', mv)).status,
    ).toBe(202);
    await settle(t, id, 'ACTIVE');
    expect(
      (await t.compute('POST', `/servers/${id}/action`, { rebuild: { imageRef: IMAGE } }, 'admin:admin', mv))
        .status,
    ).toBe(202);
    const mine = () => versioned.filter((n) => data(n).uuid === id).map((n) => n.event_type);
    await waitFor('rebuild.end', async () => (mine().includes('instance.rebuild.end') ? true : undefined));
    const events = mine();
    expect(events.filter((e) => e === 'instance.exists')).toHaveLength(2);
    expect(events[events.indexOf('instance.rescue.start') - 1]).toBe('instance.exists');
    expect(events[events.indexOf('instance.rebuild.start') - 1]).toBe('instance.exists');
    const exists = versioned.find((n) => n.event_type === 'instance.exists' && data(n).uuid === id)!;
    // The current period of the default `month`: from the 1st up to now.
    const period = data(exists).audit_period['nova_object.data'];
    expect(period.audit_period_beginning).toBe(`${new Date().toISOString().slice(0, 8)}01T00:00:00Z`);
    expect(Date.parse(period.audit_period_ending)).toBeGreaterThan(Date.now() - 60_000);
    expect(data(exists).state).toBe('active');
  }, 60_000);

  it('is off unless instance_usage_audit is set', async () => {
    const { t } = await cloudWithConsumers(notificationsConf('versioned'));
    expect(await t.cloud.computes[0].manager.instanceUsageAudit()).toBeNull();
  }, 60_000);
});
