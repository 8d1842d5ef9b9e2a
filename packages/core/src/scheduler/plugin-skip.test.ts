import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../objects/request-spec.js';
import { makeHostState } from './host-state.js';
import { resolveSchedulerOptions } from './options.js';
import { createInTreeRegistries } from './registry.js';
import { makeRequestSpec } from './request-spec-builder.js';

// `skipFor` must agree with `hostPasses` / `weigh`: when it says the plugin is
// a no-op for a spec, every host passes (filters) or weighs the same (weighers).
const options = resolveSchedulerOptions();
const registries = createInTreeRegistries();
const filters = registries.filters.build(['nova.scheduler.filters.all_filters'], options);
const weighers = registries.weighers.build(['nova.scheduler.weights.all_weighers'], options);
const base = makeRequestSpec();

const hosts = [
  makeHostState({ host: 'plain' }),
  makeHostState({ host: 'busy', instances: ['m1', 'm2'], failed_builds: 2, cell_uuid: 'other' }),
  makeHostState({ host: 'arm', supported_instances: [['aarch64', 'kvm', 'hvm']], instances: ['x'] }),
  makeHostState({ host: 'bare', supported_instances: [] }),
];

const group = (policy: string, hostsOfGroup: string[] = [], members: string[] = ['m1']) => ({
  instance_group: { uuid: 'g', policy, hosts: hostsOfGroup, members, rules: {} },
});

const specs: [string, RequestSpec][] = [
  ['a plain request', base],
  ['an affinity group without hosts', makeRequestSpec(group('affinity'))],
  ['an affinity group with hosts', makeRequestSpec(group('affinity', ['plain']))],
  ['an anti-affinity group', makeRequestSpec(group('anti-affinity'))],
  ['a soft-affinity group', makeRequestSpec(group('soft-affinity'))],
  ['a soft-affinity group without members', makeRequestSpec(group('soft-affinity', [], []))],
  ['a soft-anti-affinity group', makeRequestSpec(group('soft-anti-affinity'))],
  [
    'an image with an architecture',
    makeRequestSpec({
      image: { ...base.image, properties: { hw_architecture: 'x86_64' } },
    } as Partial<RequestSpec>),
  ],
  [
    'capabilities extra specs',
    makeRequestSpec({ flavor: { ...base.flavor, extra_specs: { 'capabilities:hypervisor_type': 'qemu' } } }),
  ],
  [
    'a cross-cell move',
    makeRequestSpec({
      requested_destination: { allow_cross_cell_move: true, cell: 'other' },
    } as Partial<RequestSpec>),
  ],
];

describe('skipFor', () => {
  it.each(specs)('never skips a filter that rejects a host, for %s', (_, spec) => {
    for (const filter of filters) {
      if (filter.skipFor?.(spec) !== true) continue;
      for (const host of hosts)
        expect([filter.name, filter.hostPasses(host, spec).pass]).toEqual([filter.name, true]);
    }
  });

  it.each(specs)('never skips a weigher that tells hosts apart, for %s', (_, spec) => {
    for (const weigher of weighers) {
      if (weigher.skipFor?.(spec) !== true) continue;
      const values = new Set(hosts.map((h) => weigher.weigh(h, spec)));
      expect([weigher.name, values.size]).toEqual([weigher.name, 1]);
    }
  });

  it('skips the plugins that are no-ops for a plain request and keeps the others', () => {
    const skipped = [...filters, ...weighers].filter((p) => p.skipFor?.(base) === true).map((p) => p.name);
    expect(skipped.sort()).toEqual([
      'ComputeCapabilitiesFilter',
      'CrossCellWeigher',
      'ImagePropertiesFilter',
      'MetricsWeigher',
      'ServerGroupAffinityFilter',
      'ServerGroupAntiAffinityFilter',
      'ServerGroupSoftAffinityWeigher',
      'ServerGroupSoftAntiAffinityWeigher',
    ]);
    const grouped = makeRequestSpec(group('anti-affinity'));
    expect(filters.find((f) => f.name === 'ServerGroupAntiAffinityFilter')?.skipFor?.(grouped)).toBe(false);
  });
});
