/**
 * The broker restarted during a boot storm, on a RabbitMQ node of the test's
 * own (the machine's broker keeps serving other tests): services reconnect,
 * no server stays in BUILD, nothing leaks in placement, and the cloud works
 * afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deployment } from '../support/deployment.js';
import { RabbitNode } from '../support/rabbit-node.js';
import {
  bootServers,
  deleteServers,
  ensureFlavor,
  expectAllActive,
  expectNoUsage,
  totalUsage,
  waitSettled,
} from './boot-storm.js';

describe('RabbitMQ restarted during a boot storm', () => {
  let node: RabbitNode;
  let d: Deployment;

  beforeAll(async () => {
    node = await RabbitNode.start();
    d = new Deployment({
      transportUrl: node.url,
      dialect: 'mysql',
      computes: ['compute1', 'compute2'],
      conductors: 2,
      // NOTE(timeouts): replies lost with the broker are asked for again after rpc_response_timeout.
      defaults: { report_interval: 1, service_down_time: 30, rpc_response_timeout: 5 },
      sections: { fake_driver: { spawn_delay_ms: 300 } },
    });
    await d.prepare();
    await d.startAll();
    await ensureFlavor(d);
  }, 120_000);

  afterAll(async () => {
    const codes = await d?.stop();
    await node?.destroy();
    for (const [name, code] of Object.entries(codes ?? {})) expect(code, name).toBe(0);
  }, 90_000);

  it('ends every server out of BUILD, frees every claim, and keeps working', async () => {
    // POSTs made while the broker is down may be refused (503); those leave nothing behind.
    const booting = bootServers(d, 20, 'storm', 5, { tolerate: [503] });
    await new Promise((r) => setTimeout(r, 300));
    await node.restart();
    const ids = await booting;
    expect(ids.length).toBeGreaterThan(0);
    const settled = await waitSettled(d, ids, 90_000);
    expect([...settled.values()].every((s) => s.status === 'ACTIVE' || s.status === 'ERROR')).toBe(true);
    await deleteServers(d, ids);
    expectNoUsage(await totalUsage(d));

    // Every server of the listing is accounted for: none stuck from a refused POST either.
    const left = (await d.compute('GET', '/servers/detail')).body.servers as any[];
    expect(left.filter((s) => s.status === 'BUILD')).toEqual([]);

    const after = await bootServers(d, 4, 'after', 4);
    await expectAllActive(d, await waitSettled(d, after, 30_000));
    await deleteServers(d, after);
  }, 240_000);
});
