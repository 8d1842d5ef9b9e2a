/**
 * Scheduler options, typed after nova.conf's `[filter_scheduler]`,
 * `[scheduler]`, `[metrics]`, `[pci] alias` and the one `[DEFAULT]` option filters read,
 * parsed once at the edge and passed to factories. Defaults are Nova Zed's,
 * including `enabled_filters`, now that every default filter is in tree.
 */
import { InvalidInput } from '../errors/common-errors.js';
import { ALL_WEIGHERS, NOVA_DEFAULT_ENABLED_FILTERS } from './names.js';
import { type PciAlias, parsePciAliases } from './pci-alias.js';

export interface FilterSchedulerOptions {
  /** `enabled_filters`: filter names run in this order. */
  readonly enabled_filters: readonly string[];
  /** `weight_classes`: weigher names; `nova.scheduler.weights.all_weighers` means all registered. */
  readonly weight_classes: readonly string[];
  /** `ram_weight_multiplier` (1.0): positive spreads, negative stacks. */
  readonly ram_weight_multiplier: number;
  /** `cpu_weight_multiplier` (1.0): positive spreads on free vCPUs. */
  readonly cpu_weight_multiplier: number;
  /** `disk_weight_multiplier` (1.0): positive spreads on free disk. */
  readonly disk_weight_multiplier: number;
  /** `io_ops_weight_multiplier` (-1.0): negative prefers lightly loaded hosts. */
  readonly io_ops_weight_multiplier: number;
  /** `pci_weight_multiplier` (1.0, >= 0): keeps PCI hosts for PCI requests. */
  readonly pci_weight_multiplier: number;
  /** `soft_affinity_weight_multiplier` (1.0, >= 0). */
  readonly soft_affinity_weight_multiplier: number;
  /** `soft_anti_affinity_weight_multiplier` (1.0, >= 0). */
  readonly soft_anti_affinity_weight_multiplier: number;
  /** `build_failure_weight_multiplier` (1000000.0): pushes hosts that keep failing builds down. */
  readonly build_failure_weight_multiplier: number;
  /** `cross_cell_move_weight_multiplier` (1000000.0): prefers the source cell on a move. */
  readonly cross_cell_move_weight_multiplier: number;
  /** `host_subset_size` (1): the chosen host is drawn at random from this many best hosts. */
  readonly host_subset_size: number;
  /** `shuffle_best_same_weighed_hosts` (false): shuffle the hosts tied on the top weight. */
  readonly shuffle_best_same_weighed_hosts: boolean;
  /** `max_io_ops_per_host` (8): IoOpsFilter rejects hosts at or above it. */
  readonly max_io_ops_per_host: number;
  /** `max_instances_per_host` (50): NumInstancesFilter rejects hosts at or above it. */
  readonly max_instances_per_host: number;
  /** `isolated_images`: image ids that may only run on `isolated_hosts`. */
  readonly isolated_images: readonly string[];
  /** `isolated_hosts`: hosts reserved for `isolated_images`. */
  readonly isolated_hosts: readonly string[];
  /** `restrict_isolated_hosts_to_isolated_images` (true). */
  readonly restrict_isolated_hosts_to_isolated_images: boolean;
  /** `aggregate_image_properties_isolation_namespace` (None): only keys with this prefix count. */
  readonly aggregate_image_properties_isolation_namespace: string | null;
  /** `aggregate_image_properties_isolation_separator` ('.'). */
  readonly aggregate_image_properties_isolation_separator: string;
  /** `image_properties_default_architecture` (None): assumed when the image has no `hw_architecture`. */
  readonly image_properties_default_architecture: string | null;
}

export interface SchedulerGroupOptions {
  /** `max_attempts` (3): the chosen host plus `max_attempts - 1` alternates. */
  readonly max_attempts: number;
  /** `max_placement_results` (1000): the `limit` of GET /allocation_candidates. */
  readonly max_placement_results: number;
  /** `limit_tenants_to_placement_aggregate` (false): the tenant isolation prefilter. */
  readonly limit_tenants_to_placement_aggregate: boolean;
  /** `placement_aggregate_required_for_tenants` (false): tenants without an aggregate get no host. */
  readonly placement_aggregate_required_for_tenants: boolean;
  /** `query_placement_for_availability_zone` (true in Zed): the AZ prefilter. */
  readonly query_placement_for_availability_zone: boolean;
  /** `query_placement_for_image_type_support` (false): require `COMPUTE_IMAGE_TYPE_*`. */
  readonly query_placement_for_image_type_support: boolean;
  /** `enable_isolated_aggregate_filtering` (false): the `trait:*=required` aggregate isolation. */
  readonly enable_isolated_aggregate_filtering: boolean;
}

export interface MetricsOptions {
  /** `[metrics] weight_multiplier` (1.0). */
  readonly weight_multiplier: number;
  /** `[metrics] weight_setting`: `name=ratio` entries, e.g. `cpu.percent=-1.0`. */
  readonly weight_setting: readonly string[];
  /** `[metrics] required` (true): hosts lacking a metric are weighed `weight_of_unavailable`. */
  readonly required: boolean;
  /** `[metrics] weight_of_unavailable` (-10000.0). */
  readonly weight_of_unavailable: number;
}

export interface DefaultGroupOptions {
  /** `[DEFAULT] default_availability_zone` ('nova'): the zone of hosts in no AZ aggregate. */
  readonly default_availability_zone: string;
}

export interface PciOptions {
  /** `[pci] alias`: validated alias entries (PciPassthroughFilter, NUMATopologyFilter). */
  readonly alias: readonly PciAlias[];
}

export interface SchedulerOptions {
  readonly filter_scheduler: FilterSchedulerOptions;
  readonly scheduler: SchedulerGroupOptions;
  readonly metrics: MetricsOptions;
  readonly DEFAULT: DefaultGroupOptions;
  readonly pci: PciOptions;
}

/** Every option accepts a partial value; missing keys take the defaults. */
export interface SchedulerOptionsInput {
  readonly filter_scheduler?: Partial<FilterSchedulerOptions>;
  readonly scheduler?: Partial<SchedulerGroupOptions>;
  readonly metrics?: Partial<MetricsOptions>;
  readonly DEFAULT?: Partial<DefaultGroupOptions>;
  /** `[pci] alias` as the raw MultiStrOpt JSON strings or already parsed entries. */
  readonly pci?: { readonly alias?: readonly (string | PciAlias)[] };
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  filter_scheduler: {
    enabled_filters: NOVA_DEFAULT_ENABLED_FILTERS,
    weight_classes: [ALL_WEIGHERS],
    ram_weight_multiplier: 1.0,
    cpu_weight_multiplier: 1.0,
    disk_weight_multiplier: 1.0,
    io_ops_weight_multiplier: -1.0,
    pci_weight_multiplier: 1.0,
    soft_affinity_weight_multiplier: 1.0,
    soft_anti_affinity_weight_multiplier: 1.0,
    build_failure_weight_multiplier: 1000000.0,
    cross_cell_move_weight_multiplier: 1000000.0,
    host_subset_size: 1,
    shuffle_best_same_weighed_hosts: false,
    max_io_ops_per_host: 8,
    max_instances_per_host: 50,
    isolated_images: [],
    isolated_hosts: [],
    restrict_isolated_hosts_to_isolated_images: true,
    aggregate_image_properties_isolation_namespace: null,
    aggregate_image_properties_isolation_separator: '.',
    image_properties_default_architecture: null,
  },
  scheduler: {
    max_attempts: 3,
    max_placement_results: 1000,
    limit_tenants_to_placement_aggregate: false,
    placement_aggregate_required_for_tenants: false,
    query_placement_for_availability_zone: true,
    query_placement_for_image_type_support: false,
    enable_isolated_aggregate_filtering: false,
  },
  metrics: { weight_multiplier: 1.0, weight_setting: [], required: true, weight_of_unavailable: -10000.0 },
  DEFAULT: { default_availability_zone: 'nova' },
  pci: { alias: [] },
};

const MULTIPLIERS = [
  'ram_weight_multiplier',
  'cpu_weight_multiplier',
  'disk_weight_multiplier',
  'io_ops_weight_multiplier',
  'pci_weight_multiplier',
  'soft_affinity_weight_multiplier',
  'soft_anti_affinity_weight_multiplier',
  'build_failure_weight_multiplier',
  'cross_cell_move_weight_multiplier',
] as const;

/** Nova clamps these with `min=0.0`. */
const NON_NEGATIVE = new Set<string>([
  'pci_weight_multiplier',
  'soft_affinity_weight_multiplier',
  'soft_anti_affinity_weight_multiplier',
]);

/** Merges `input` over the defaults and validates the bounds nova.conf enforces. */
export function resolveSchedulerOptions(input: SchedulerOptionsInput = {}): SchedulerOptions {
  const options: SchedulerOptions = {
    filter_scheduler: { ...DEFAULT_SCHEDULER_OPTIONS.filter_scheduler, ...input.filter_scheduler },
    scheduler: { ...DEFAULT_SCHEDULER_OPTIONS.scheduler, ...input.scheduler },
    metrics: { ...DEFAULT_SCHEDULER_OPTIONS.metrics, ...input.metrics },
    DEFAULT: { ...DEFAULT_SCHEDULER_OPTIONS.DEFAULT, ...input.DEFAULT },
    pci: { alias: resolveAliases(input.pci?.alias) },
  };
  const fs = options.filter_scheduler;
  atLeastOne('filter_scheduler', 'host_subset_size', fs.host_subset_size);
  atLeastOne('scheduler', 'max_attempts', options.scheduler.max_attempts);
  atLeastOne('scheduler', 'max_placement_results', options.scheduler.max_placement_results);
  for (const key of MULTIPLIERS) {
    const value = fs[key];
    if (!Number.isFinite(value) || (NON_NEGATIVE.has(key) && value < 0)) {
      throw new InvalidInput(
        `[filter_scheduler] ${key} must be a ${NON_NEGATIVE.has(key) ? 'number >= 0' : 'number'}`,
      );
    }
  }
  if (!Number.isFinite(options.metrics.weight_multiplier)) {
    throw new InvalidInput('[metrics] weight_multiplier must be a number');
  }
  return options;
}

function atLeastOne(group: string, key: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidInput(`[${group}] ${key} must be an integer >= 1, got ${value}`);
  }
}

function resolveAliases(input: readonly (string | PciAlias)[] | undefined): readonly PciAlias[] {
  if (!input || input.length === 0) return DEFAULT_SCHEDULER_OPTIONS.pci.alias;
  // NOTE(validation): parsed entries go through the same checks as JSON ones.
  return parsePciAliases(input.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))));
}
