/**
 * An operator's nova.conf changes the cloud's behaviour with Nova's option
 * names: here `ram_weight_multiplier = -1.0` makes the scheduler stack
 * instead of spread, and NumInstancesFilter with `max_instances_per_host`
 * caps every host, so the next server finds no valid host.
 */

import { NovaConfig } from '@novats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const NOVA_CONF = `
[DEFAULT]
ram_allocation_ratio = 1.0
reserved_host_memory_mb = 1024

[filter_scheduler]
enabled_filters = ComputeFilter,NumInstancesFilter
max_instances_per_host = 2
ram_weight_multiplier = -1.0
`;

describe('nova.conf drives the scheduler and the resource tracker', () => {
  let t: TestCloud;
  beforeAll(async () => {
    const conf = NovaConfig.fromSources([{ name: 'nova.conf', text: NOVA_CONF }]);
    t = await startTestCloud('sqlite', { config: conf });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('reports inventory with the configured ratio and reservation', async () => {
    const rps = (await t.placement('GET', '/resource_providers')).body.resource_providers;
    const inv = (await t.placement('GET', `/resource_providers/${rps[0].uuid}/inventories`)).body.inventories;
    expect(inv.MEMORY_MB).toMatchObject({ total: 8192, reserved: 1024, allocation_ratio: 1.0 });
  });

  it('stacks with a negative RAM multiplier and caps hosts with NumInstancesFilter', async () => {
    const hosts: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.compute('POST', '/servers', {
        server: { name: `conf-${i}`, imageRef: IMAGE, flavorRef: '1' },
      });
      const id = res.body.server.id;
      const server = await waitFor(`server ${id}`, async () => {
        const s = (await t.compute('GET', `/servers/${id}`)).body.server;
        return s?.status === 'ACTIVE' || s?.status === 'ERROR' ? s : undefined;
      });
      hosts.push(server.status === 'ACTIVE' ? server['OS-EXT-SRV-ATTR:host'] : 'ERROR');
    }
    // Two per host, filling one host before the next (stacking), then no valid host.
    expect(hosts[0]).toBe(hosts[1]);
    expect(hosts[2]).toBe(hosts[3]);
    expect(hosts[4]).toBe(hosts[5]);
    expect(new Set(hosts.slice(0, 6)).size).toBe(3);
    expect(hosts[6]).toBe('ERROR');
  });
});
