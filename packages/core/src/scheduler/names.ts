/**
 * The exact names Nova uses for filters and weighers: the class name is the
 * value an operator writes in `[filter_scheduler] enabled_filters` and
 * `weight_classes`. Dotted class paths are accepted too (see registry.ts).
 */

/** Filter names (`nova/scheduler/filters`). Only some are implemented; see registry.ts. */
export const FilterName = {
  ALL_HOSTS: 'AllHostsFilter',
  COMPUTE: 'ComputeFilter',
  COMPUTE_CAPABILITIES: 'ComputeCapabilitiesFilter',
  IMAGE_PROPERTIES: 'ImagePropertiesFilter',
  SERVER_GROUP_ANTI_AFFINITY: 'ServerGroupAntiAffinityFilter',
  SERVER_GROUP_AFFINITY: 'ServerGroupAffinityFilter',
  AVAILABILITY_ZONE: 'AvailabilityZoneFilter',
  DIFFERENT_HOST: 'DifferentHostFilter',
  SAME_HOST: 'SameHostFilter',
  IO_OPS: 'IoOpsFilter',
  NUM_INSTANCES: 'NumInstancesFilter',
} as const;
export type FilterName = (typeof FilterName)[keyof typeof FilterName];

/** Weigher names (`nova/scheduler/weights`). */
export const WeigherName = {
  RAM: 'RAMWeigher',
  CPU: 'CPUWeigher',
  DISK: 'DiskWeigher',
  IO_OPS: 'IoOpsWeigher',
  BUILD_FAILURE: 'BuildFailureWeigher',
  METRICS: 'MetricsWeigher',
} as const;
export type WeigherName = (typeof WeigherName)[keyof typeof WeigherName];

/** `available_filters` default: every registered filter. */
export const ALL_FILTERS = 'nova.scheduler.filters.all_filters';
/** `weight_classes` default: every registered weigher. */
export const ALL_WEIGHERS = 'nova.scheduler.weights.all_weighers';

/** Nova's Zed default for `[filter_scheduler] enabled_filters`. */
export const NOVA_DEFAULT_ENABLED_FILTERS: readonly string[] = [
  FilterName.COMPUTE,
  FilterName.COMPUTE_CAPABILITIES,
  FilterName.IMAGE_PROPERTIES,
  FilterName.SERVER_GROUP_ANTI_AFFINITY,
  FilterName.SERVER_GROUP_AFFINITY,
];

/** The dotted class path of an in-tree plugin, e.g. `nova.scheduler.weights.ram.RAMWeigher`. */
export const NOVA_CLASS_PATHS: Readonly<Record<string, string>> = {
  [FilterName.ALL_HOSTS]: 'nova.scheduler.filters.all_hosts_filter.AllHostsFilter',
  [FilterName.COMPUTE]: 'nova.scheduler.filters.compute_filter.ComputeFilter',
  [FilterName.COMPUTE_CAPABILITIES]:
    'nova.scheduler.filters.compute_capabilities_filter.ComputeCapabilitiesFilter',
  [FilterName.IMAGE_PROPERTIES]: 'nova.scheduler.filters.image_props_filter.ImagePropertiesFilter',
  [FilterName.SERVER_GROUP_ANTI_AFFINITY]:
    'nova.scheduler.filters.affinity_filter.ServerGroupAntiAffinityFilter',
  [FilterName.SERVER_GROUP_AFFINITY]: 'nova.scheduler.filters.affinity_filter.ServerGroupAffinityFilter',
  [WeigherName.RAM]: 'nova.scheduler.weights.ram.RAMWeigher',
  [WeigherName.CPU]: 'nova.scheduler.weights.cpu.CPUWeigher',
  [WeigherName.DISK]: 'nova.scheduler.weights.disk.DiskWeigher',
  [WeigherName.IO_OPS]: 'nova.scheduler.weights.io_ops.IoOpsWeigher',
};

/** The short plugin name of a configured value: the last segment of a dotted path. */
export function shortPluginName(configured: string): string {
  const trimmed = configured.trim();
  const dot = trimmed.lastIndexOf('.');
  return dot === -1 ? trimmed : trimmed.slice(dot + 1);
}
