/**
 * The usage audit's task_log and /os-instance_usage_audit_log on the
 * all-in-one cloud: each host's audit of a period is a task_log row (through
 * the conductor), a restarted nova-compute does not audit that period again,
 * and the API reports per host and overall in Nova's shape.
 */
import type { Transport } from '@novats/core';
import { NovaConfig, Tokens } from '@novats/core';
import { TestClock } from '@novats/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstanceUsageAudit } from '../../packages/server/src/compute-manager/instance-usage-audit.js';
import { ConductorRpcApi } from '../../packages/server/src/rpc/conductor-rpcapi.js';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const HOUR = 3_600_000;

let t: TestCloud;
const clock = new TestClock();

beforeAll(async () => {
  t = await startTestCloud('sqlite', {
    hosts: 2,
    clock,
    config: NovaConfig.fromSources([
      '[DEFAULT]\ninstance_usage_audit = True\ninstance_usage_audit_period = hour\n',
    ]),
  });
}, 60_000);
afterAll(() => t?.stop());

const auditLog = async (suffix = '', token = 'admin:admin') =>
  t.compute('GET', `/os-instance_usage_audit_log${suffix}`, undefined, token);
/** Python's str() of the period bound. */
const py = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

describe('os-instance_usage_audit_log', () => {
  it('reports the hosts not run, then each host done from its task_log row; a restart does not audit again', async () => {
    const boot = await t.compute(
      'POST',
      '/servers',
      { server: { name: 'audited', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
      'admin:admin',
      { 'openstack-api-version': 'compute 2.37' },
    );
    expect(boot.status).toBe(202);
    const id = boot.body.server.id as string;
    const host = await waitFor('ACTIVE', async () => {
      const s = (await t.compute('GET', `/servers/${id}`)).body.server;
      return s?.status === 'ACTIVE' ? (s['OS-EXT-SRV-ATTR:host'] as string) : undefined;
    });
    const other = host === 'compute1' ? 'compute2' : 'compute1';
    // The hour the server was launched in is complete an hour later.
    clock.advance(HOUR);
    const ending = Math.floor(clock.now() / HOUR) * HOUR;

    const before = await auditLog();
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      instance_usage_audit_logs: {
        period_beginning: py(ending - HOUR),
        period_ending: py(ending),
        num_hosts: 2,
        num_hosts_done: 0,
        num_hosts_running: 0,
        num_hosts_not_run: 2,
        hosts_not_run: ['compute1', 'compute2'],
        total_instances: 0,
        total_errors: 0,
        overall_status: '0 of 2 hosts done. 0 errors.',
        log: {},
      },
    });

    const computeOf = (h: string) => t.cloud.computes.find((c) => c.host === h)!;
    const audited = await computeOf(host).manager.instanceUsageAudit();
    expect(audited?.instances).toEqual([id]);
    const one = (await auditLog()).body.instance_usage_audit_logs;
    expect(one).toMatchObject({
      num_hosts_done: 1,
      num_hosts_not_run: 1,
      hosts_not_run: [other],
      total_instances: 1,
      overall_status: '1 of 2 hosts done. 0 errors.',
    });
    expect(one.log[host]).toEqual({
      state: 'DONE',
      instances: 1,
      errors: 0,
      message: expect.stringMatching(
        new RegExp(`^Instance usage audit ran for host ${host}, 1 instances in [0-9.e-]+ seconds\\.$`),
      ),
    });

    // A nova-compute started afresh (nothing in memory) finds the period in task_log.
    const restarted = new InstanceUsageAudit(
      {
        host,
        clock,
        conductor: new ConductorRpcApi(t.cloud.scope.resolve<Transport>(Tokens.Transport), 10_000),
      },
      'hour',
    );
    expect((await restarted.run()).instances).toEqual([]);

    await computeOf(other).manager.instanceUsageAudit();
    const all = (await auditLog()).body.instance_usage_audit_logs;
    expect(all).toMatchObject({
      num_hosts: 2,
      num_hosts_done: 2,
      num_hosts_not_run: 0,
      hosts_not_run: [],
      total_instances: 1,
      overall_status: 'ALL hosts done. 0 errors.',
    });
    expect(all.log[other]).toMatchObject({ state: 'DONE', instances: 0, errors: 0 });

    // Before a time: the last period completed before it (here the hour before), with or without a fraction.
    const earlier = await auditLog(`/${encodeURIComponent(py(ending))}`);
    expect(earlier.status).toBe(200);
    expect(earlier.body.instance_usage_audit_log).toMatchObject({
      period_beginning: py(ending - 2 * HOUR),
      period_ending: py(ending - HOUR),
      num_hosts_not_run: 2,
      log: {},
    });
    const now = await auditLog(`/${encodeURIComponent(`${py(clock.now())}.5`)}`);
    expect(now.body.instance_usage_audit_log).toEqual(all);
  }, 60_000);

  it('400 for a malformed or impossible time, 403 for a non-admin', async () => {
    for (const bad of ['yesterday', '2026-02-30 10:00:00', '2026-11-30T10:00:00']) {
      const res = await auditLog(`/${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.badRequest.message).toBe(`Invalid timestamp for date ${bad}`);
    }
    expect((await auditLog('', 'alice:proj-a')).status).toBe(403);
    expect((await auditLog('/2026-11-30%2010:00:00', 'alice:proj-a')).status).toBe(403);
  });
});
