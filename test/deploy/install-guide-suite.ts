/**
 * The install guide's deployment as one suite that each transport runs:
 * every service a separate OS process, two conductors and two computes.
 * A transport brings its broker up and down (`TransportUnderTest`); the
 * suite checks os-services, a 20-server storm without leaks, a conductor
 * SIGKILLed mid-storm, and that every process exits 0 on SIGTERM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../support/databases.js';
import { Deployment } from '../support/deployment.js';
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

export interface TransportUnderTest {
  readonly dialect: Dialect;
  /** Starts the broker of the test's own; resolves the services' transport_url. */
  start(): Promise<string>;
  /** Stops it after the services; resolves its exit code when it is a process of its own. */
  stop(): Promise<number | null | undefined>;
  /** Extra evidence after the conductor was killed (e.g. the broker redelivered). */
  afterConductorKilled?(): void;
}

export function describeInstallGuideDeployment(name: string, transport: TransportUnderTest): void {
  describe(`distributed deployment over ${name}`, () => {
    let d: Deployment | undefined;

    beforeAll(async () => {
      d = new Deployment({
        transportUrl: await transport.start(),
        dialect: transport.dialect,
        computes: ['compute1', 'compute2'],
        conductors: 2,
      });
      await d.prepare();
      await d.startAll();
      await ensureFlavor(d);
    }, 120_000);

    afterAll(async () => {
      const codes = (await d?.stop()) ?? {};
      // NOTE(order): the broker goes last; stopping services still send their last replies and acks.
      const broker = await transport.stop();
      if (broker !== undefined) codes.broker = broker;
      for (const [process, code] of Object.entries(codes)) expect(code, process).toBe(0);
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
    }, 120_000);

    it('survives a SIGKILLed conductor during a boot storm: every server still reaches ACTIVE', async () => {
      const dep = deployment();
      const booting = bootServers(dep, 20, 'kill-conductor', 5);
      await new Promise((r) => setTimeout(r, 150));
      await dep.kill('conductor1', 'SIGKILL');
      const ids = await booting;
      const settled = await waitSettled(dep, ids, 60_000);
      transport.afterConductorKilled?.();
      await expectAllActive(dep, settled);
      await deleteServers(dep, ids);
      expectNoUsage(await totalUsage(dep));
      await dep.start('conductor1', 'nova-conductor', 'conductor1');
    }, 180_000);
  });
}
