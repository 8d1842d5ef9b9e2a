import { describe, expect, it } from 'vitest';
import { SchedulerHostFilterNotFound } from '../errors/scheduler-errors.js';
import type { HostFilter } from './filter.js';
import { PASS } from './filter.js';
import { NOVA_DEFAULT_ENABLED_FILTERS } from './names.js';
import { DEFAULT_SCHEDULER_OPTIONS as opts } from './options.js';
import { createInTreeRegistries, dropUnimplementedNovaDefaults, PluginRegistry } from './registry.js';

describe('PluginRegistry', () => {
  it('builds by short name and by Nova dotted class path, in order, without duplicates', () => {
    const { filters, weighers } = createInTreeRegistries();
    const built = filters.build(
      ['nova.scheduler.filters.compute_filter.ComputeFilter', 'AllHostsFilter', 'ComputeFilter'],
      opts,
    );
    expect(built.map((f) => f.name)).toEqual(['ComputeFilter', 'AllHostsFilter']);
    expect(weighers.build(['nova.scheduler.weights.ram.RAMWeigher'], opts).map((w) => w.name)).toEqual([
      'RAMWeigher',
    ]);
  });

  it('expands all_weighers and all_filters to every registered plugin', () => {
    const { filters, weighers } = createInTreeRegistries();
    expect(weighers.build(['nova.scheduler.weights.all_weighers'], opts).map((w) => w.name)).toEqual([
      'RAMWeigher',
    ]);
    expect(filters.build(['nova.scheduler.filters.all_filters'], opts).map((f) => f.name)).toEqual([
      'AllHostsFilter',
      'ComputeFilter',
    ]);
  });

  it('lists every unknown name in one SchedulerHostFilterNotFound', () => {
    const { filters } = createInTreeRegistries();
    let caught: unknown;
    try {
      filters.build(['ComputeFilter', 'ImagePropertiesFilter', 'NoSuchFilter'], opts);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SchedulerHostFilterNotFound);
    expect((caught as SchedulerHostFilterNotFound).names).toEqual(['ImagePropertiesFilter', 'NoSuchFilter']);
    expect((caught as Error).message).toContain('ImagePropertiesFilter, NoSuchFilter');
  });

  it('refuses a duplicate registration and accepts a third-party plugin', () => {
    const registry = new PluginRegistry<HostFilter>('all');
    const custom: HostFilter = {
      name: 'MyFilter',
      runOnRebuild: false,
      oncePerRequest: false,
      hostPasses: () => PASS,
    };
    registry.register('MyFilter', () => custom);
    expect(() => registry.register('MyFilter', () => custom)).toThrow(/already registered/);
    expect(registry.build(['mypkg.filters.MyFilter'], opts)).toEqual([custom]);
  });

  it('the default options build without error', () => {
    const { filters, weighers } = createInTreeRegistries();
    expect(filters.build(opts.filter_scheduler.enabled_filters, opts)).toHaveLength(1);
    expect(weighers.build(opts.filter_scheduler.weight_classes, opts)).toHaveLength(1);
  });

  it('drops only the unported Nova default filters, keeping unknown names for build to reject', () => {
    const { filters } = createInTreeRegistries();
    const result = dropUnimplementedNovaDefaults([...NOVA_DEFAULT_ENABLED_FILTERS, 'Typo'], filters);
    expect(result.names).toEqual(['ComputeFilter', 'Typo']);
    expect(result.dropped).toContain('ImagePropertiesFilter');
    expect(() => filters.build(result.names, opts)).toThrow(/Typo/);
  });
});
