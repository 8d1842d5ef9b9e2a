/**
 * The exact names Nova uses for filters and weighers: the class name is the
 * value an operator writes in `[filter_scheduler] enabled_filters` and
 * `weight_classes`. Dotted class paths are accepted too (see registry.ts).
 */

/** Filter names (`nova/scheduler/filters`), every one registered in tree (see registry.ts). */
export const FilterName = {
  ALL_HOSTS: 'AllHostsFilter',
  AVAILABILITY_ZONE: 'AvailabilityZoneFilter',
  COMPUTE: 'ComputeFilter',
  COMPUTE_CAPABILITIES: 'ComputeCapabilitiesFilter',
  IMAGE_PROPERTIES: 'ImagePropertiesFilter',
  SERVER_GROUP_AFFINITY: 'ServerGroupAffinityFilter',
  SERVER_GROUP_ANTI_AFFINITY: 'ServerGroupAntiAffinityFilter',
  SAME_HOST: 'SameHostFilter',
  DIFFERENT_HOST: 'DifferentHostFilter',
  SIMPLE_CIDR_AFFINITY: 'SimpleCIDRAffinityFilter',
  JSON: 'JsonFilter',
  ISOLATED_HOSTS: 'IsolatedHostsFilter',
  IO_OPS: 'IoOpsFilter',
  NUM_INSTANCES: 'NumInstancesFilter',
  METRICS: 'MetricsFilter',
  AGGREGATE_INSTANCE_EXTRA_SPECS: 'AggregateInstanceExtraSpecsFilter',
  AGGREGATE_IO_OPS: 'AggregateIoOpsFilter',
  AGGREGATE_NUM_INSTANCES: 'AggregateNumInstancesFilter',
  AGGREGATE_TYPE_AFFINITY: 'AggregateTypeAffinityFilter',
  AGGREGATE_MULTI_TENANCY_ISOLATION: 'AggregateMultiTenancyIsolation',
  AGGREGATE_IMAGE_PROPERTIES_ISOLATION: 'AggregateImagePropertiesIsolation',
  NUMA_TOPOLOGY: 'NUMATopologyFilter',
  PCI_PASSTHROUGH: 'PciPassthroughFilter',
} as const;
export type FilterName = (typeof FilterName)[keyof typeof FilterName];

/** Weigher names (`nova/scheduler/weights`). */
export const WeigherName = {
  RAM: 'RAMWeigher',
  CPU: 'CPUWeigher',
  DISK: 'DiskWeigher',
  IO_OPS: 'IoOpsWeigher',
  METRICS: 'MetricsWeigher',
  PCI: 'PCIWeigher',
  SOFT_AFFINITY: 'ServerGroupSoftAffinityWeigher',
  SOFT_ANTI_AFFINITY: 'ServerGroupSoftAntiAffinityWeigher',
  BUILD_FAILURE: 'BuildFailureWeigher',
  CROSS_CELL: 'CrossCellWeigher',
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

const F = 'nova.scheduler.filters';
const W = 'nova.scheduler.weights';

/** The dotted class path of an in-tree plugin, e.g. `nova.scheduler.weights.ram.RAMWeigher`. */
export const NOVA_CLASS_PATHS: Readonly<Record<string, string>> = {
  [FilterName.ALL_HOSTS]: `${F}.all_hosts_filter.AllHostsFilter`,
  [FilterName.AVAILABILITY_ZONE]: `${F}.availability_zone_filter.AvailabilityZoneFilter`,
  [FilterName.COMPUTE]: `${F}.compute_filter.ComputeFilter`,
  [FilterName.COMPUTE_CAPABILITIES]: `${F}.compute_capabilities_filter.ComputeCapabilitiesFilter`,
  [FilterName.IMAGE_PROPERTIES]: `${F}.image_props_filter.ImagePropertiesFilter`,
  [FilterName.SERVER_GROUP_AFFINITY]: `${F}.affinity_filter.ServerGroupAffinityFilter`,
  [FilterName.SERVER_GROUP_ANTI_AFFINITY]: `${F}.affinity_filter.ServerGroupAntiAffinityFilter`,
  [FilterName.SAME_HOST]: `${F}.affinity_filter.SameHostFilter`,
  [FilterName.DIFFERENT_HOST]: `${F}.affinity_filter.DifferentHostFilter`,
  [FilterName.SIMPLE_CIDR_AFFINITY]: `${F}.affinity_filter.SimpleCIDRAffinityFilter`,
  [FilterName.JSON]: `${F}.json_filter.JsonFilter`,
  [FilterName.ISOLATED_HOSTS]: `${F}.isolated_hosts_filter.IsolatedHostsFilter`,
  [FilterName.IO_OPS]: `${F}.io_ops_filter.IoOpsFilter`,
  [FilterName.NUM_INSTANCES]: `${F}.num_instances_filter.NumInstancesFilter`,
  [FilterName.METRICS]: `${F}.metrics_filter.MetricsFilter`,
  [FilterName.AGGREGATE_INSTANCE_EXTRA_SPECS]: `${F}.aggregate_instance_extra_specs.AggregateInstanceExtraSpecsFilter`,
  [FilterName.AGGREGATE_IO_OPS]: `${F}.io_ops_filter.AggregateIoOpsFilter`,
  [FilterName.AGGREGATE_NUM_INSTANCES]: `${F}.num_instances_filter.AggregateNumInstancesFilter`,
  [FilterName.AGGREGATE_TYPE_AFFINITY]: `${F}.type_filter.AggregateTypeAffinityFilter`,
  [FilterName.AGGREGATE_MULTI_TENANCY_ISOLATION]: `${F}.aggregate_multitenancy_isolation.AggregateMultiTenancyIsolation`,
  [FilterName.AGGREGATE_IMAGE_PROPERTIES_ISOLATION]: `${F}.aggregate_image_properties_isolation.AggregateImagePropertiesIsolation`,
  [FilterName.NUMA_TOPOLOGY]: `${F}.numa_topology_filter.NUMATopologyFilter`,
  [FilterName.PCI_PASSTHROUGH]: `${F}.pci_passthrough_filter.PciPassthroughFilter`,
  [WeigherName.RAM]: `${W}.ram.RAMWeigher`,
  [WeigherName.CPU]: `${W}.cpu.CPUWeigher`,
  [WeigherName.DISK]: `${W}.disk.DiskWeigher`,
  [WeigherName.IO_OPS]: `${W}.io_ops.IoOpsWeigher`,
  [WeigherName.METRICS]: `${W}.metrics.MetricsWeigher`,
  [WeigherName.PCI]: `${W}.pci.PCIWeigher`,
  [WeigherName.SOFT_AFFINITY]: `${W}.affinity.ServerGroupSoftAffinityWeigher`,
  [WeigherName.SOFT_ANTI_AFFINITY]: `${W}.affinity.ServerGroupSoftAntiAffinityWeigher`,
  [WeigherName.BUILD_FAILURE]: `${W}.compute.BuildFailureWeigher`,
  [WeigherName.CROSS_CELL]: `${W}.cross_cell.CrossCellWeigher`,
};

/** The short plugin name of a configured value: the last segment of a dotted path. */
export function shortPluginName(configured: string): string {
  const trimmed = configured.trim();
  const dot = trimmed.lastIndexOf('.');
  return dot === -1 ? trimmed : trimmed.slice(dot + 1);
}
