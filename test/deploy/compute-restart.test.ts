/**
 * A nova-compute SIGKILLed in the middle of builds (RabbitMQ, MariaDB): while
 * it is down, new servers go to the other host; started again, it puts its
 * interrupted builds into ERROR as Nova's init_host does, nothing stays in
 * BUILD, and deleting everything frees every allocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deployment } from '../support/deployment.js';
import { createRabbitVhost, deleteRabbitVhost, type RabbitVhost } from '../support/rabbitmq.js';
import {
  bootServers,
  deleteServers,
  ensureFlavor,
  eventually,
  expectAllActive,
  expectNoUsage,
  totalUsage,
  waitSettled,
} from './boot-storm.js';

describe('nova-compute killed mid-build', () => {
  let vhost: RabbitVhost;
  let d: Deployment;

  beforeAll(async () => {
    vhost = await createRabbitVhost('novats_compute_kill');
    d = new Deployment({
      transportUrl: vhost.url,
      dialect: 'mysql',
      computes: ['compute1', 'compute2'],
      conductors: 1,
      defaults: { report_interval: 1, service_down_time: 4 },
      sections: { fake_driver: { spawn_delay_ms: 1500 } },
    });
    await d.prepare();
    await d.startAll();
    await ensureFlavor(d);
  }, 120_000);

  afterAll(async () => {
    await d?.stop();
    await deleteRabbitVhost(vhost).catch(() => {});
  }, 60_000);

  it('errors the interrupted builds on restart, sends new ones elsewhere, and leaks nothing', async () => {
    const first = await bootServers(d, 8, 'before-kill', 8);
    // Kill compute1 once it is spawning some of them.
    await eventually(async () => {
      const res = await d.compute('GET', '/servers/detail');
      const spawning = (res.body.servers as any[]).filter(
        (s) => s['OS-EXT-SRV-ATTR:host'] === 'compute1' && s['OS-EXT-STS:task_state'] === 'spawning',
      );
      expect(spawning.length).toBeGreaterThan(0);
    }, 10_000);
    await d.kill('compute1', 'SIGKILL');
    const interrupted = (await d.compute('GET', '/servers/detail')).body.servers
      .filter((s: any) => s['OS-EXT-SRV-ATTR:host'] === 'compute1' && s.status === 'BUILD')
      .map((s: any) => s.id as string);
    expect(interrupted.length).toBeGreaterThan(0);

    // Once service_down_time has passed, compute1 is down and new builds go to compute2.
    await eventually(async () => {
      const res = await d.compute('GET', '/os-services?binary=nova-compute&host=compute1');
      expect(res.body.services[0].state).toBe('down');
    }, 15_000);
    const during = await bootServers(d, 4, 'while-down', 4);
    const duringSettled = await waitSettled(d, during, 30_000);
    await expectAllActive(d, duringSettled);
    expect([...duringSettled.values()].map((s) => s.host)).toEqual(Array(4).fill('compute2'));

    // Started again, compute1 ends what it was building in ERROR; nothing stays in BUILD.
    await d.start('compute1', 'nova-compute', 'compute1');
    const settled = await waitSettled(d, [...first, ...during], 30_000);
    for (const id of interrupted) expect(settled.get(id)?.status).toBe('ERROR');
    const errored = (await d.compute('GET', `/servers/${interrupted[0]}`)).body.server;
    expect(errored.fault.message).toMatch(/restarted|interrupted|compute/i);

    await deleteServers(d, [...first, ...during]);
    expectNoUsage(await totalUsage(d));
  }, 180_000);
});
