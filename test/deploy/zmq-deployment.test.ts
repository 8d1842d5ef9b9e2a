/**
 * The install guide's deployment over ZeroMQ on PostgreSQL: every service a
 * separate OS process, two conductors and two computes, all talking through
 * a `novats zmq-proxy` of the test's own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommands, Deployment } from '../support/deployment.js';
import { freePort, type SpawnedZmqProxy, spawnZmqProxy } from '../support/zmq-proxy.js';
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

describe('distributed deployment over ZeroMQ (PostgreSQL)', () => {
  let dir: string;
  let proxy: SpawnedZmqProxy | undefined;
  let d: Deployment | undefined;

  beforeAll(async () => {
    buildCommands();
    dir = mkdtempSync(join(tmpdir(), 'novats-zmq-deploy-'));
    const url = `zmq://127.0.0.1:${await freePort()}`;
    const proxyConf = join(dir, 'zmq-proxy.conf');
    writeFileSync(proxyConf, `[DEFAULT]\ntransport_url = ${url}\n`);
    proxy = await spawnZmqProxy(proxyConf);
    d = new Deployment({
      transportUrl: url,
      dialect: 'postgresql',
      computes: ['compute1', 'compute2'],
      conductors: 2,
    });
    await d.prepare();
    await d.startAll();
    await ensureFlavor(d);
  }, 120_000);

  afterAll(async () => {
    const codes = (await d?.stop()) ?? {};
    // The proxy goes last: services stopping on SIGTERM still send their last replies and acks through it.
    if (proxy) {
      proxy.child.kill('SIGTERM');
      codes['zmq-proxy'] = await proxy.exited;
    }
    rmSync(dir, { recursive: true, force: true });
    // Every service, and the proxy, stops on SIGTERM with exit code 0.
    for (const [name, code] of Object.entries(codes)) expect(code, name).toBe(0);
  }, 60_000);

  const deployment = (): Deployment => {
    if (!d) throw new Error('deployment did not start');
    return d;
  };

  it('shows every service up in os-services', async () => {
    await eventually(async () => {
      const res = await deployment().compute('GET', '/os-services');
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
    const dep = deployment();
    const ids = await bootServers(dep, 20, 'storm');
    const settled = await waitSettled(dep, ids);
    await expectAllActive(dep, settled);
    expect(new Set([...settled.values()].map((s) => s.host))).toEqual(new Set(['compute1', 'compute2']));
    await deleteServers(dep, ids);
    expectNoUsage(await totalUsage(dep));
  }, 60_000);

  it('survives a SIGKILLed conductor during a boot storm: every server still reaches ACTIVE', async () => {
    const dep = deployment();
    const booting = bootServers(dep, 20, 'kill-conductor', 5);
    await new Promise((r) => setTimeout(r, 150));
    await dep.kill('conductor1', 'SIGKILL');
    const ids = await booting;
    const settled = await waitSettled(dep, ids, 45_000);
    // The proxy saw conductor1 go silent and handed what it held to conductor2.
    expect(proxy?.output()).toMatch(/re-routing [1-9]\d* unacknowledged/);
    await expectAllActive(dep, settled);
    await deleteServers(dep, ids);
    expectNoUsage(await totalUsage(dep));
    await dep.start('conductor1', 'nova-conductor', 'conductor1');
  }, 90_000);
});
