/**
 * The install guide's deployment over RabbitMQ on MariaDB: every service a
 * separate OS process, two conductors and two computes sharing the broker.
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

describe('distributed deployment over RabbitMQ (MariaDB)', () => {
  let vhost: RabbitVhost;
  let d: Deployment;

  beforeAll(async () => {
    vhost = await createRabbitVhost('novats_deploy');
    d = new Deployment({
      transportUrl: vhost.url,
      dialect: 'mysql',
      computes: ['compute1', 'compute2'],
      conductors: 2,
    });
    await d.prepare();
    await d.startAll();
    await ensureFlavor(d);
  }, 120_000);

  afterAll(async () => {
    const codes = await d?.stop();
    await deleteRabbitVhost(vhost).catch(() => {});
    // Every service stops on SIGTERM with exit code 0.
    for (const [name, code] of Object.entries(codes ?? {})) expect(code, name).toBe(0);
  }, 60_000);

  it('shows every service up in os-services', async () => {
    await eventually(async () => {
      const res = await d.compute('GET', '/os-services');
      const up = (res.body.services as any[])
        .filter((s) => s.state === 'up')
        .map((s) => `${s.binary}:${s.host}`);
      expect(up).toEqual(
        expect.arrayContaining([
          'nova-conductor:conductor1',
          'nova-conductor:conductor2',
          'nova-compute:compute1',
          'nova-compute:compute2',
        ]),
      );
      expect(up.some((s) => s.startsWith('nova-scheduler:'))).toBe(true);
    });
  });

  it('boots 20 servers to ACTIVE across both computes and deletes them without leaks', async () => {
    const ids = await bootServers(d, 20, 'storm');
    const settled = await waitSettled(d, ids);
    await expectAllActive(d, settled);
    expect(new Set([...settled.values()].map((s) => s.host))).toEqual(new Set(['compute1', 'compute2']));
    await deleteServers(d, ids);
    expectNoUsage(await totalUsage(d));
  }, 120_000);

  it('survives a SIGKILLed conductor during a boot storm: every server still reaches ACTIVE', async () => {
    const booting = bootServers(d, 20, 'kill-conductor', 5);
    await new Promise((r) => setTimeout(r, 150));
    await d.kill('conductor1', 'SIGKILL');
    const ids = await booting;
    const settled = await waitSettled(d, ids, 60_000);
    await expectAllActive(d, settled);
    await deleteServers(d, ids);
    expectNoUsage(await totalUsage(d));
    await d.start('conductor1', 'nova-conductor', 'conductor1');
  }, 180_000);
});
