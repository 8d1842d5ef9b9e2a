import { describe, expect, it } from 'vitest';
import type { RequestInstanceGroup } from '../objects/request-spec.js';
import { makeHostState } from './host-state.js';
import { NoValidHostWithClaims } from './no-valid-host.js';
import { makeRequestSpec } from './request-spec-builder.js';
import { createScheduler } from './select-destinations.js';

const hosts = ['h1', 'h2', 'h3', 'h4'].map((host, i) =>
  makeHostState({ host, cell_uuid: 'c', free_ram_mb: 8000 - i * 100 }),
);
const uuids = ['i1', 'i2', 'i3'];
const group = (policy: string): RequestInstanceGroup => ({ policy, hosts: [], members: uuids });
const chosen = async (policy: string, input = {}) => {
  const spec = makeRequestSpec({ instance_group: group(policy) });
  const result = await createScheduler(input).selectDestinations({ spec, instanceUuids: uuids, hosts });
  return result.map((s) => s[0]?.service_host);
};

describe('selectDestinations with server groups (default filters and weighers)', () => {
  it.each([
    { policy: 'affinity', want: ['h1', 'h1', 'h1'] },
    { policy: 'anti-affinity', want: ['h1', 'h2', 'h3'] },
    { policy: 'soft-anti-affinity', want: ['h1', 'h2', 'h3'] },
    // NOTE(nova): at multiplier 1 soft affinity loses to RAM, CPU, disk and I/O spreading together.
    { policy: 'soft-affinity', want: ['h1', 'h2', 'h3'] },
    { policy: 'soft-affinity', multiplier: 10, want: ['h1', 'h1', 'h1'] },
  ])('$policy (multiplier $multiplier) places a multi-create as $want', async ({
    policy,
    multiplier,
    want,
  }) => {
    const input = multiplier ? { filter_scheduler: { soft_affinity_weight_multiplier: multiplier } } : {};
    expect(await chosen(policy, input)).toEqual(want);
  });

  it('anti-affinity fails when members outnumber hosts', async () => {
    const spec = makeRequestSpec({
      instance_group: { policy: 'anti-affinity', hosts: [], members: ['a', 'b', 'c', 'd', 'e'] },
    });
    const run = createScheduler().selectDestinations({
      spec,
      instanceUuids: ['a', 'b', 'c', 'd', 'e'],
      hosts,
    });
    await expect(run).rejects.toBeInstanceOf(NoValidHostWithClaims);
    await expect(run).rejects.toThrow(/ServerGroupAntiAffinityFilter/);
  });

  it('skips disabled hosts with the default filters', async () => {
    const disabled = { disabled: true, disabled_reason: 'maint', is_up: true, forced_down: false };
    const fleet = [{ ...hosts[0]!, service: disabled }, ...hosts.slice(1)];
    const result = await createScheduler().selectDestinations({
      spec: makeRequestSpec(),
      instanceUuids: ['x'],
      hosts: fleet,
    });
    expect(result[0]?.[0]?.service_host).toBe('h2');
  });
});
