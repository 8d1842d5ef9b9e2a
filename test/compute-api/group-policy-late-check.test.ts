/**
 * The compute host's late check of server group policies (Nova's
 * `_validate_instance_group_policy`) on a 2-host all-in-one whose scheduler
 * does not see the group (its group filters are off, as a scheduler with a
 * stale view would be): a member placed on a host that breaks the policy is
 * refused by that host and rescheduled to the alternate, so anti-affinity
 * members end on different hosts and affinity members on the same one.
 */
import { NovaConfig } from '@novats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const mv = { 'openstack-api-version': 'compute 2.93' };

let t: TestCloud;
beforeAll(async () => {
  // NOTE(stacking): the RAM weigher packs hosts, so the scheduler puts the next server where the most RAM is used.
  const conf = NovaConfig.fromSources([
    [
      '[filter_scheduler]',
      'enabled_filters = ComputeFilter',
      'ram_weight_multiplier = -1.0',
      'cpu_weight_multiplier = 0',
      'disk_weight_multiplier = 0',
      'io_ops_weight_multiplier = 0',
    ].join('\n'),
  ]);
  t = await startTestCloud('sqlite', { hosts: 2, config: conf });
});
afterAll(async () => {
  await t?.stop();
});

const call = (method: string, path: string, body?: unknown) =>
  t.compute(method, path, body, 'admin:admin', mv);

async function group(policy: string): Promise<string> {
  const res = await call('POST', '/os-server-groups', { server_group: { name: policy, policy } });
  expect(res.status).toBe(200);
  return res.body.server_group.id;
}

/** Boots a server (in `groupId`, on `zone`) and answers its host once ACTIVE. */
async function boot(
  name: string,
  opts: { groupId?: string; zone?: string; flavor?: string },
): Promise<string> {
  const res = await call('POST', '/servers', {
    server: {
      name,
      imageRef: IMAGE,
      flavorRef: opts.flavor ?? '1',
      networks: 'none',
      ...(opts.zone ? { availability_zone: opts.zone } : {}),
    },
    ...(opts.groupId ? { 'os:scheduler_hints': { group: opts.groupId } } : {}),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const id = res.body.server.id;
  const server = await waitFor(`${name} active`, async () => {
    const s = (await call('GET', `/servers/${id}`)).body.server;
    if (s?.status === 'ERROR') throw new Error(`${name} failed: ${JSON.stringify(s.fault)}`);
    return s?.status === 'ACTIVE' ? s : undefined;
  });
  return server['OS-EXT-SRV-ATTR:host'];
}

async function hosts(): Promise<string[]> {
  const services = (await call('GET', '/os-services?binary=nova-compute')).body.services;
  return services.map((s: { host: string }) => s.host).sort();
}

describe('late group policy check on the compute host', () => {
  it('anti-affinity: the host that already runs a member refuses the second; it lands on the other', async () => {
    const g = await group('anti-affinity');
    const first = await boot('anti-1', { groupId: g });
    const second = await boot('anti-2', { groupId: g });
    expect(second).not.toBe(first);
  });

  it('affinity: a host away from the group refuses the member; it lands with the group', async () => {
    const [h1, h2] = await hosts();
    const g = await group('affinity');
    // A big server outside the group on h1 makes the stacking scheduler prefer h1 next.
    await boot('filler', { zone: `nova:${h1}`, flavor: '3' });
    expect(await boot('aff-1', { groupId: g, zone: `nova:${h2}` })).toBe(h2);
    expect(await boot('aff-2', { groupId: g })).toBe(h2);
  });
});
