/**
 * Fault injection on the fake driver: failures and delays of named actions
 * (counted, per instance), a host crash, and the same faults seen through
 * the all-in-one cloud's API (a failed spawn everywhere ends in ERROR with
 * the injected message; a crashed host's nova-compute goes down).
 */
import { NovaConfig, PowerState } from '@novats/core';
import { FAKE_ACTIONS, FakeDriver } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';
import { makeTestInstance } from './virt-driver.contract.js';

async function ready(opts: ConstructorParameters<typeof FakeDriver>[0] = {}): Promise<FakeDriver> {
  const driver = new FakeDriver(opts);
  await driver.init('faulty-host');
  return driver;
}

describe('FakeDriver faults', () => {
  it('names every VirtDriver action', () => {
    const driver = new FakeDriver();
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(driver)).filter(
      (m) => m !== 'constructor' && typeof (driver as any)[m] === 'function',
    );
    for (const action of FAKE_ACTIONS) expect(methods).toContain(action);
  });

  it('fails the next N calls of an action with the message given, then recovers', async () => {
    const driver = await ready();
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    driver.faults.failNext('reboot', { times: 2, message: 'VM_BAD_POWER_STATE from the lab' });
    const failed = { code: 'compute.driver.hypervisor_error', message: 'VM_BAD_POWER_STATE from the lab' };
    await expect(driver.reboot(instance, 'SOFT')).rejects.toMatchObject(failed);
    await expect(driver.reboot(instance, 'HARD')).rejects.toMatchObject(failed);
    await driver.reboot(instance, 'SOFT');
    // Other actions were never affected.
    await driver.powerOff(instance);
    expect((await driver.getInfo(instance)).state).toBe(PowerState.SHUTDOWN);
  });

  it('fails a spawn as a build failure naming the host, and only for the instance named', async () => {
    const driver = await ready();
    const [a, b] = [makeTestInstance(), makeTestInstance()];
    driver.faults.failNext('spawn', { instanceUuid: a.uuid });
    await driver.spawn(b, null, {});
    await expect(driver.spawn(a, null, {})).rejects.toMatchObject({
      code: 'compute.build.failed',
      message: expect.stringContaining('faulty-host'),
    });
    expect(await driver.listInstanceUuids()).toEqual([b.uuid]);
    await driver.spawn(a, null, {});
  });

  it('delays an action until cleared, and keeps the old spawn options working', async () => {
    const driver = await ready({ failNextSpawns: 1 });
    await expect(driver.spawn(makeTestInstance(), null, {})).rejects.toMatchObject({
      code: 'compute.build.failed',
    });
    const instance = makeTestInstance();
    driver.faults.delay('spawn', 60);
    let started = Date.now();
    await driver.spawn(instance, null, {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    driver.faults.delay('getInfo', 40, { times: 1 });
    started = Date.now();
    await driver.getInfo(instance);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    started = Date.now();
    await driver.getInfo(instance);
    expect(Date.now() - started).toBeLessThan(35);
    driver.faults.clear();
    started = Date.now();
    await driver.spawn(makeTestInstance(), null, {});
    expect(Date.now() - started).toBeLessThan(55);
  });

  it('crashes the host: guests gone, every call refused, listeners told once', async () => {
    const driver = await ready();
    const instance = makeTestInstance();
    await driver.spawn(instance, null, {});
    let told = 0;
    driver.faults.onCrash(() => {
      told += 1;
    });
    driver.faults.delay('powerOff', 50);
    const slow = driver.powerOff(instance);
    driver.faults.crash();
    driver.faults.crash();
    expect(told).toBe(1);
    expect(driver.faults.crashed).toBe(true);
    expect(driver.guests()).toEqual([]);
    const down = { code: 'compute.driver.hypervisor_unavailable', status: 503 };
    await expect(slow).rejects.toMatchObject(down);
    await expect(driver.listInstanceUuids()).rejects.toMatchObject(down);
    await expect(driver.spawn(makeTestInstance(), null, {})).rejects.toMatchObject(down);
  });
});

describe('faults through the all-in-one cloud', () => {
  let t: TestCloud;
  const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
  beforeAll(async () => {
    t = await startTestCloud('sqlite', {
      hosts: 2,
      serviceDownTime: 3,
      config: NovaConfig.fromSources(['[DEFAULT]\nreport_interval = 1\n']),
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const boot = async (name: string) => {
    const res = await t.compute('POST', '/servers', { server: { name, imageRef: IMAGE, flavorRef: '1' } });
    expect(res.status).toBe(202);
    return res.body.server.id as string;
  };
  const settled = (id: string) =>
    waitFor(`server ${id} to settle`, async () => {
      const s = (await t.compute('GET', `/servers/${id}`)).body.server;
      return s.status === 'ACTIVE' || s.status === 'ERROR' ? s : undefined;
    });

  it('a spawn that fails on every host ends in ERROR with a fault, and frees placement', async () => {
    for (const c of t.cloud.computes) c.driver.faults.failNext('spawn', { message: 'disk on fire' });
    const server = await settled(await boot('doomed'));
    expect(server.status).toBe('ERROR');
    expect(server.fault.code).toBe(500);
    const usages = await t.placement('GET', `/allocations/${server.id}`);
    expect(usages.body.allocations).toEqual({});
    // The failures were used up: the next boot works.
    expect((await settled(await boot('fine'))).status).toBe('ACTIVE');
  });

  it("a crashed host's nova-compute goes down while the others stay up", async () => {
    const [victim, survivor] = t.cloud.computes;
    victim.driver.faults.crash();
    const state = async (host: string) =>
      (await t.compute('GET', `/os-services?host=${host}&binary=nova-compute`)).body.services[0].state;
    await waitFor('the crashed host to be down', async () =>
      (await state(victim.host)) === 'down' ? true : undefined,
    );
    expect(await state(survivor.host)).toBe('up');
    // New servers land on the survivor.
    const server = await settled(await boot('after-crash'));
    expect(server.status).toBe('ACTIVE');
    const admin = (await t.compute('GET', `/servers/${server.id}`)).body.server;
    expect(admin['OS-EXT-SRV-ATTR:host']).toBe(survivor.host);
  });
});
