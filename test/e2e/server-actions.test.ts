/**
 * Server actions end to end on the all-in-one cloud: os-stop, os-start and
 * reboot walk the transition table through the API and the compute host;
 * wrong states, locks, bad bodies and other projects get Nova's answers.
 * The main path runs on MariaDB too; the refusals only on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postServer, startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';
import type { Dialect } from '../support/databases.js';

const ALICE = 'alice:proj-a';

function actionsOn(dialect: Dialect) {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud(dialect);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const action = (id: string, body: unknown, token = 'admin:admin', version = '2.1') =>
    t.compute('POST', `/servers/${id}/action`, body, token, {
      'openstack-api-version': `compute ${version}`,
    });

  async function show(id: string, token = 'admin:admin', version = '2.1') {
    const res = await t.compute('GET', `/servers/${id}`, undefined, token, {
      'openstack-api-version': `compute ${version}`,
    });
    return res.body.server;
  }

  async function waitForStatus(id: string, status: string) {
    return waitFor(`server ${id} ${status}`, async () => {
      const server = await show(id);
      return server?.status === status && server['OS-EXT-STS:task_state'] === null ? server : undefined;
    });
  }

  async function boot(name: string, token = 'admin:admin') {
    const id = await postServer(t, name, token);
    await waitForStatus(id, 'ACTIVE');
    return id;
  }

  function guestOf(id: string) {
    for (const c of t.cloud.computes) {
      const guest = c.driver.guests().find((g) => g.uuid === id);
      if (guest) return { driver: c.driver, guest };
    }
    return undefined;
  }

  return {
    get: () => t,
    action,
    show,
    waitForStatus,
    boot,
    guestOf,
  };
}

describe.each(['sqlite', 'mysql'] as const)('server power actions on %s', (dialect) => {
  const c = actionsOn(dialect);

  it('stops, starts and reboots (SOFT and HARD) a server', async () => {
    const id = await c.boot('power');
    const stop = await c.action(id, { 'os-stop': null });
    expect(stop.status).toBe(202);
    expect(stop.body).toBeNull();
    const stopped = await c.waitForStatus(id, 'SHUTOFF');
    expect(stopped['OS-EXT-STS:vm_state']).toBe('stopped');
    expect(stopped['OS-EXT-STS:power_state']).toBe(4);
    expect(c.guestOf(id)?.guest.state).toBe(4);

    expect((await c.action(id, { 'os-start': null })).status).toBe(202);
    const started = await c.waitForStatus(id, 'ACTIVE');
    expect(started['OS-EXT-STS:power_state']).toBe(1);
    expect(c.guestOf(id)?.guest.state).toBe(1);

    for (const type of ['SOFT', 'HARD', 'soft']) {
      const reboot = await c.action(id, { reboot: { type } });
      expect(reboot.status).toBe(202);
      expect(['REBOOT', 'HARD_REBOOT', 'ACTIVE']).toContain((await c.show(id)).status);
      const active = await c.waitForStatus(id, 'ACTIVE');
      expect(active['OS-EXT-STS:vm_state']).toBe('active');
      expect(active['OS-EXT-STS:power_state']).toBe(1);
    }
    expect((await c.get().compute('DELETE', `/servers/${id}`)).status).toBe(204);
  });
});

describe('server action refusals on sqlite', () => {
  const c = actionsOn('sqlite');

  it('answers 409 with Nova message for a wrong vm_state', async () => {
    const id = await c.boot('states');
    const start = await c.action(id, { 'os-start': null });
    expect(start.status).toBe(409);
    expect(start.body).toEqual({
      conflictingRequest: {
        code: 409,
        message: `Cannot 'start' instance ${id} while it is in vm_state active`,
      },
    });
    expect((await c.action(id, { 'os-stop': null })).status).toBe(202);
    await c.waitForStatus(id, 'SHUTOFF');
    const again = await c.action(id, { 'os-stop': null });
    expect(again.status).toBe(409);
    expect(again.body.conflictingRequest.message).toBe(
      `Cannot 'stop' instance ${id} while it is in vm_state stopped`,
    );
    const soft = await c.action(id, { reboot: { type: 'SOFT' } });
    expect(soft.body.conflictingRequest.message).toBe(
      `Cannot 'reboot' instance ${id} while it is in vm_state stopped`,
    );
    // A hard reboot may start from stopped and ends active.
    expect((await c.action(id, { reboot: { type: 'HARD' } })).status).toBe(202);
    await c.waitForStatus(id, 'ACTIVE');
  });

  it('refuses a locked server to its owner, not to an admin; unlock rules', async () => {
    const id = await c.boot('locked', ALICE);
    const lock = await c.action(id, { lock: { locked_reason: 'maintenance' } }, ALICE, '2.73');
    expect(lock.status).toBe(202);
    const shown = await c.show(id, ALICE, '2.73');
    expect(shown.locked).toBe(true);
    expect(shown.locked_reason).toBe('maintenance');
    expect((await c.show(id, ALICE, '2.9')).locked_reason).toBeUndefined();

    const refused = await c.action(id, { 'os-stop': null }, ALICE);
    expect(refused.status).toBe(409);
    expect(refused.body.conflictingRequest.message).toBe(`Instance ${id} is locked`);
    expect((await c.action(id, { 'os-stop': null })).status).toBe(202);
    await c.waitForStatus(id, 'SHUTOFF');

    expect((await c.action(id, { unlock: null }, ALICE)).status).toBe(202);
    const unlocked = await c.show(id, ALICE, '2.73');
    expect(unlocked).toMatchObject({ locked: false, locked_reason: null });
    expect((await c.action(id, { 'os-start': null }, ALICE)).status).toBe(202);
    await c.waitForStatus(id, 'ACTIVE');

    // An admin's lock on alice's server: only unlock_override (admin) lifts it.
    expect((await c.action(id, { lock: null })).status).toBe(202);
    const denied = await c.action(id, { unlock: null }, ALICE);
    expect(denied.status).toBe(403);
    expect(denied.body.forbidden.message).toContain('unlock_override');
    expect((await c.action(id, { unlock: null })).status).toBe(202);
    expect((await c.show(id)).locked).toBeUndefined();
    expect((await c.show(id, 'admin:admin', '2.9')).locked).toBe(false);
  });

  it('answers 400 for bad bodies and 404 for unknown or foreign servers', async () => {
    const id = await c.boot('bodies', ALICE);
    const bad: [unknown, string][] = [
      [{ 'os-stop': null, 'os-start': null }, 'Malformed request body'],
      [{}, 'Malformed request body'],
      [[], 'Malformed request body'],
      [{ explode: null }, 'There is no such action: explode'],
      [{ reboot: { type: 'WARM' } }, 'Invalid input for field/attribute type'],
      [{ reboot: {} }, "'type' is a required property"],
      [{ reboot: null }, 'Invalid input'],
      [{ reboot: { type: 'SOFT', force: true } }, 'Additional properties are not allowed'],
    ];
    for (const [body, message] of bad) {
      const res = await c.action(id, body, ALICE);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.badRequest.message).toContain(message);
    }
    const reason = await c.action(id, { lock: { locked_reason: '' } }, ALICE, '2.73');
    expect(reason.status).toBe(400);
    const unknown = '00000000-0000-0000-0000-000000000000';
    const missing = await c.action(unknown, { 'os-stop': null });
    expect(missing.status).toBe(404);
    expect(missing.body.itemNotFound.message).toBe(`Instance ${unknown} could not be found.`);
    const foreign = await c.action(id, { 'os-stop': null }, 'bob:proj-b');
    expect(foreign.status).toBe(404);
    expect((await c.action(id, { lock: null }, 'bob:proj-b')).status).toBe(404);
    expect((await c.show(id)).status).toBe('ACTIVE');
  });

  it('keeps the vm_state and clears task_state when the driver fails', async () => {
    const id = await c.boot('lost-guest');
    const found = c.guestOf(id);
    expect(found).toBeDefined();
    // The hypervisor forgets the guest: power off then fails with InstanceNotFound.
    await found!.driver.destroy({ uuid: id } as never);
    expect((await c.action(id, { 'os-stop': null })).status).toBe(202);
    const server = await c.waitForStatus(id, 'ACTIVE');
    expect(server['OS-EXT-STS:vm_state']).toBe('active');
    // A failed reboot of a guest that is not running goes to ERROR with the fault, as Nova.
    expect((await c.action(id, { reboot: { type: 'SOFT' } })).status).toBe(202);
    const errored = await c.waitForStatus(id, 'ERROR');
    expect(errored.fault).toMatchObject({ code: 404 });
    expect(errored.fault.message).toContain(id);
  });
});
