/**
 * `[quota] recheck_quota` (default on) makes the quota check and the records
 * it admits one step per project: 30 concurrent creates against an
 * instances limit of 10 give exactly 10 servers and 20 of Nova's 403s, on
 * SQLite, MariaDB and PostgreSQL (the all-in-one cloud on each, fake hosts,
 * in-process services).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { DIALECTS } from '../support/databases.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';

describe.each(DIALECTS)('concurrent creates against the instances quota on %s', (dialect) => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud(dialect);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('admits exactly as many as the limit', async () => {
    const put = await t.compute('PUT', '/os-quota-sets/p-race', { quota_set: { instances: 10 } });
    expect(put.status).toBe(200);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        t.compute(
          'POST',
          '/servers',
          { server: { name: `race-${n}`, imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
          `u${n % 3}:p-race`,
          { 'openstack-api-version': 'compute 2.93' },
        ),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(10);
    expect(statuses.filter((s) => s === 403)).toHaveLength(20);
    for (const r of results.filter((x) => x.status === 403)) {
      expect(r.body.forbidden.message).toBe(
        'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances',
      );
    }
    const listed = await t.compute('GET', '/servers?all_tenants=1&project_id=p-race');
    expect(listed.body.servers).toHaveLength(10);
    const detail = await t.compute('GET', '/os-quota-sets/p-race/detail');
    expect(detail.body.quota_set.instances).toEqual({ limit: 10, in_use: 10, reserved: 0 });
  }, 120_000);
});
