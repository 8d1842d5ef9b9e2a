/**
 * Plugins by name (Kubernetes' `NewInTreeRegistry`, instead of Nova's
 * directory scanning). `build` resolves configured names once at start-up
 * and throws SchedulerHostFilterNotFound listing every unknown name. A name
 * may be Nova's short class name (`RAMWeigher`) or a dotted class path
 * (`nova.scheduler.weights.ram.RAMWeigher`); the `all_filters` /
 * `all_weighers` paths mean every registered plugin, in registration order.
 */
import { SchedulerHostFilterNotFound } from '../errors/scheduler-errors.js';
import type { HostFilter } from './filter.js';
import { createAggregateImagePropertiesIsolation } from './filters/aggregate-image-properties-isolation.js';
import { aggregateInstanceExtraSpecsFilter } from './filters/aggregate-instance-extra-specs-filter.js';
import { createAggregateIoOpsFilter } from './filters/aggregate-io-ops-filter.js';
import { aggregateMultiTenancyIsolation } from './filters/aggregate-multi-tenancy-isolation.js';
import { createAggregateNumInstancesFilter } from './filters/aggregate-num-instances-filter.js';
import { aggregateTypeAffinityFilter } from './filters/aggregate-type-affinity-filter.js';
import { allHostsFilter } from './filters/all-hosts-filter.js';
import { createAvailabilityZoneFilter } from './filters/availability-zone-filter.js';
import { computeCapabilitiesFilter } from './filters/compute-capabilities-filter.js';
import { computeFilter } from './filters/compute-filter.js';
import { differentHostFilter } from './filters/different-host-filter.js';
import { createImagePropertiesFilter } from './filters/image-properties-filter.js';
import { createIoOpsFilter } from './filters/io-ops-filter.js';
import { createIsolatedHostsFilter } from './filters/isolated-hosts-filter.js';
import { createJsonFilter } from './filters/json-filter.js';
import { createMetricsFilter } from './filters/metrics-filter.js';
import { createNumInstancesFilter } from './filters/num-instances-filter.js';
import { createNumaTopologyFilter } from './filters/numa-topology-filter.js';
import { createPciPassthroughFilter } from './filters/pci-passthrough-filter.js';
import { sameHostFilter } from './filters/same-host-filter.js';
import { serverGroupAffinityFilter } from './filters/server-group-affinity-filter.js';
import { serverGroupAntiAffinityFilter } from './filters/server-group-anti-affinity-filter.js';
import { simpleCidrAffinityFilter } from './filters/simple-cidr-affinity-filter.js';
import {
  ALL_FILTERS,
  ALL_WEIGHERS,
  FilterName,
  NOVA_DEFAULT_ENABLED_FILTERS,
  shortPluginName,
  WeigherName,
} from './names.js';
import type { SchedulerOptions } from './options.js';
import type { HostWeigher } from './weigher.js';
import { createBuildFailureWeigher } from './weighers/build-failure-weigher.js';
import { createCpuWeigher } from './weighers/cpu-weigher.js';
import { createCrossCellWeigher } from './weighers/cross-cell-weigher.js';
import { createDiskWeigher } from './weighers/disk-weigher.js';
import { createIoOpsWeigher } from './weighers/io-ops-weigher.js';
import { createMetricsWeigher } from './weighers/metrics-weigher.js';
import { createPciWeigher } from './weighers/pci-weigher.js';
import { createRamWeigher } from './weighers/ram-weigher.js';
import {
  createSoftAffinityWeigher,
  createSoftAntiAffinityWeigher,
} from './weighers/server-group-soft-affinity-weigher.js';

/** Builds one plugin from the validated options; called once at start-up. */
export type PluginFactory<T> = (opts: SchedulerOptions) => T;

export class PluginRegistry<T> {
  readonly #factories = new Map<string, PluginFactory<T>>();

  /** @param allName the configured value meaning "every registered plugin". */
  constructor(readonly allName: string) {}

  /** Adds a plugin under Nova's short name; throws on a duplicate. */
  register(name: string, factory: PluginFactory<T>): this {
    if (this.#factories.has(name)) throw new Error(`scheduler plugin ${name} is already registered`);
    this.#factories.set(name, factory);
    return this;
  }

  has(name: string): boolean {
    return this.#factories.has(shortPluginName(name));
  }

  /** Registered short names, in registration order. */
  names(): string[] {
    return [...this.#factories.keys()];
  }

  /**
   * The plugins for `names`, in order, without duplicates. Throws
   * SchedulerHostFilterNotFound naming every unknown entry.
   */
  build(names: readonly string[], opts: SchedulerOptions): T[] {
    const resolved: string[] = [];
    const unknown: string[] = [];
    for (const configured of names) {
      const wanted = configured.trim() === this.allName ? this.names() : [shortPluginName(configured)];
      for (const name of wanted) {
        if (!this.#factories.has(name)) unknown.push(configured);
        else if (!resolved.includes(name)) resolved.push(name);
      }
    }
    if (unknown.length > 0) throw new SchedulerHostFilterNotFound(unknown);
    return resolved.map((name) => (this.#factories.get(name) as PluginFactory<T>)(opts));
  }
}

export interface SchedulerRegistries {
  readonly filters: PluginRegistry<HostFilter>;
  readonly weighers: PluginRegistry<HostWeigher>;
}

/** A fresh pair of registries holding every in-tree filter and weigher. */
export function createInTreeRegistries(): SchedulerRegistries {
  // NOTE(state): factories build a fresh plugin each time; stateless ones are shared constants.
  const filters = new PluginRegistry<HostFilter>(ALL_FILTERS)
    .register(FilterName.ALL_HOSTS, () => allHostsFilter)
    .register(FilterName.AVAILABILITY_ZONE, createAvailabilityZoneFilter)
    .register(FilterName.COMPUTE, () => computeFilter)
    .register(FilterName.COMPUTE_CAPABILITIES, () => computeCapabilitiesFilter)
    .register(FilterName.IMAGE_PROPERTIES, createImagePropertiesFilter)
    .register(FilterName.SERVER_GROUP_AFFINITY, () => serverGroupAffinityFilter)
    .register(FilterName.SERVER_GROUP_ANTI_AFFINITY, () => serverGroupAntiAffinityFilter)
    .register(FilterName.SAME_HOST, () => sameHostFilter)
    .register(FilterName.DIFFERENT_HOST, () => differentHostFilter)
    .register(FilterName.SIMPLE_CIDR_AFFINITY, () => simpleCidrAffinityFilter)
    .register(FilterName.JSON, createJsonFilter)
    .register(FilterName.ISOLATED_HOSTS, createIsolatedHostsFilter)
    .register(FilterName.IO_OPS, createIoOpsFilter)
    .register(FilterName.NUM_INSTANCES, createNumInstancesFilter)
    .register(FilterName.METRICS, createMetricsFilter)
    .register(FilterName.AGGREGATE_INSTANCE_EXTRA_SPECS, () => aggregateInstanceExtraSpecsFilter)
    .register(FilterName.AGGREGATE_IO_OPS, createAggregateIoOpsFilter)
    .register(FilterName.AGGREGATE_NUM_INSTANCES, createAggregateNumInstancesFilter)
    .register(FilterName.AGGREGATE_TYPE_AFFINITY, () => aggregateTypeAffinityFilter)
    .register(FilterName.AGGREGATE_MULTI_TENANCY_ISOLATION, () => aggregateMultiTenancyIsolation)
    .register(FilterName.AGGREGATE_IMAGE_PROPERTIES_ISOLATION, createAggregateImagePropertiesIsolation)
    .register(FilterName.NUMA_TOPOLOGY, createNumaTopologyFilter)
    .register(FilterName.PCI_PASSTHROUGH, createPciPassthroughFilter);
  const weighers = new PluginRegistry<HostWeigher>(ALL_WEIGHERS)
    .register(WeigherName.RAM, createRamWeigher)
    .register(WeigherName.CPU, createCpuWeigher)
    .register(WeigherName.DISK, createDiskWeigher)
    .register(WeigherName.IO_OPS, createIoOpsWeigher)
    .register(WeigherName.METRICS, createMetricsWeigher)
    .register(WeigherName.PCI, createPciWeigher)
    .register(WeigherName.SOFT_AFFINITY, createSoftAffinityWeigher)
    .register(WeigherName.SOFT_ANTI_AFFINITY, createSoftAntiAffinityWeigher)
    .register(WeigherName.BUILD_FAILURE, createBuildFailureWeigher)
    .register(WeigherName.CROSS_CELL, createCrossCellWeigher);
  return { filters, weighers };
}

/**
 * NOTE(defaults): drops the Nova default `enabled_filters` names that are not
 * registered, so a server built with a trimmed registry can warn and start;
 * any other unknown name still makes `build` throw. With the in-tree
 * registry every Zed default is registered and nothing is dropped.
 */
export function dropUnimplementedNovaDefaults(
  names: readonly string[],
  filters: PluginRegistry<HostFilter>,
): { names: string[]; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const name of names) {
    const short = shortPluginName(name);
    if (!filters.has(short) && NOVA_DEFAULT_ENABLED_FILTERS.includes(short)) dropped.push(name);
    else kept.push(name);
  }
  return { names: kept, dropped };
}
