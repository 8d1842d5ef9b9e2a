import { describe, expect, it } from 'vitest';
import { SchedulerHostFilterNotFound } from '../errors/scheduler-errors.js';
import type { HostFilter } from './filter.js';
import { PASS } from './filter.js';
import { FilterName, NOVA_CLASS_PATHS, NOVA_DEFAULT_ENABLED_FILTERS, WeigherName } from './names.js';
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
    expect(weighers.build(['nova.scheduler.weights.all_weighers'], opts).map((w) => w.name)).toEqual(
      Object.values(WeigherName),
    );
    expect(filters.build(['nova.scheduler.filters.all_filters'], opts).map((f) => f.name)).toEqual(
      Object.values(FilterName),
    );
  });

  it('lists every unknown name in one SchedulerHostFilterNotFound', () => {
    const { filters } = createInTreeRegistries();
    let caught: unknown;
    try {
      filters.build(['ComputeFilter', 'ImagesPropertiesFilter', 'NoSuchFilter'], opts);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SchedulerHostFilterNotFound);
    expect((caught as SchedulerHostFilterNotFound).names).toEqual(['ImagesPropertiesFilter', 'NoSuchFilter']);
    expect((caught as Error).message).toContain('ImagesPropertiesFilter, NoSuchFilter');
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
    expect(filters.build(opts.filter_scheduler.enabled_filters, opts).map((f) => f.name)).toEqual(
      NOVA_DEFAULT_ENABLED_FILTERS,
    );
    expect(weighers.build(opts.filter_scheduler.weight_classes, opts)).toHaveLength(10);
  });

  it('resolves every Nova dotted class path', () => {
    const { filters, weighers } = createInTreeRegistries();
    for (const [name, path] of Object.entries(NOVA_CLASS_PATHS)) {
      const registry = name.endsWith('Weigher') ? weighers : filters;
      expect(registry.build([path], opts)[0]?.name).toBe(name);
    }
  });

  it('drops nothing of Nova defaults in tree, and only unregistered defaults otherwise', () => {
    const { filters } = createInTreeRegistries();
    const result = dropUnimplementedNovaDefaults([...NOVA_DEFAULT_ENABLED_FILTERS, 'Typo'], filters);
    expect(result).toEqual({ names: [...NOVA_DEFAULT_ENABLED_FILTERS, 'Typo'], dropped: [] });
    expect(() => filters.build(result.names, opts)).toThrow(/Typo/);
    const trimmed = new PluginRegistry<HostFilter>('all').register(
      'ComputeFilter',
      () => filters.build(['ComputeFilter'], opts)[0]!,
    );
    const partial = dropUnimplementedNovaDefaults([...NOVA_DEFAULT_ENABLED_FILTERS, 'Typo'], trimmed);
    expect(partial.names).toEqual(['ComputeFilter', 'Typo']);
    expect(partial.dropped).toContain('ImagePropertiesFilter');
  });
});
