/**
 * What the services read from nova.conf, read once at start-up with Nova's
 * option names and defaults. Embedding code (the all-in-one cloud, tests)
 * may override any field; nothing below the composition root reads the
 * configuration file itself.
 */

import type { NovaConfig, QuotaSettings, SchedulerOptionsInput } from '@novats/core';
import { allocationRatios, quotaSettingsFromConfig, schedulerOptionsFromConfig } from '@novats/core';
import type { ResourceTrackerOptions } from '../compute-manager/resource-tracker.js';
import type { ServerActionOptions } from '../compute-orchestration/compute-api-deps.js';
import { type ConsoleSettings, consoleSettingsFromConfig } from '../consoleauth/console-settings.js';

export interface ServiceSettings {
  /** `[DEFAULT] host`: the service's name on the bus and in the services table. */
  readonly host: string;
  /** `[DEFAULT] transport_url`; empty means the in-process bus. */
  readonly transportUrl: string;
  /** `[DEFAULT] rpc_response_timeout` in milliseconds. */
  readonly rpcTimeoutMs: number;
  /** `[DEFAULT] control_exchange`. */
  readonly controlExchange: string;
  /** `[DEFAULT] report_interval` (s). */
  readonly reportInterval: number;
  /** `[DEFAULT] graceful_shutdown_timeout` (s): how long a stop waits for in-flight work; 0 is forever. */
  readonly gracefulShutdownTimeout: number;
  /** `[DEFAULT] service_down_time` (s). */
  readonly serviceDownTime: number;
  /** `[DEFAULT] update_resources_interval` (s); 0 means the periodic default, 60. */
  readonly updateResourcesInterval: number;
  /** `[api_database]`, `[database]`, `[placement_database]` connection strings. */
  readonly databases: {
    readonly api: string | null;
    readonly cell: string | null;
    readonly placement: string | null;
  };
  /** `[DEFAULT] compute_driver`. */
  readonly computeDriver: string;
  /** `[DEFAULT] osapi_compute_listen` / `osapi_compute_listen_port`. */
  readonly osapiCompute: { readonly host: string; readonly port: number };
  /** Where placement-api listens (its wsgi script's --host/--port; 8778 here). */
  readonly placementApi: { readonly host: string; readonly port: number };
  /** Where novats-image listens (Glance's bind_host/bind_port defaults); see image/image-settings.ts. */
  readonly imageApi?: { readonly host: string; readonly port: number };
  /** Placement's candidate index may be this old (ms); claims always re-check the database. */
  readonly placementIndexMaxAgeMs: number;
  /** `[DEFAULT] enabled_apis`. */
  readonly enabledApis: readonly string[];
  /** `[api] auth_strategy`. */
  readonly authStrategy: string;
  /**
   * The all-in-one's embedded identity service (its v3 URL): with noauth2,
   * its tokens are validated too (api/auth/keystone-or-noauth2.ts).
   */
  readonly identityUrl?: string | null;
  /** `[api] max_limit`. */
  readonly maxLimit: number;
  /** `[DEFAULT] default_availability_zone`. */
  readonly defaultAvailabilityZone: string;
  /** `[DEFAULT] reclaim_instance_interval`, `shelved_offload_time`, `allow_resize_to_same_host`. */
  readonly serverActions: ServerActionOptions;
  /** `[quota]`: default limits, driver, recheck_quota. */
  readonly quota: QuotaSettings;
  /** `[filter_scheduler]`, `[scheduler]`, `[metrics]`, `[pci]`: only what the file sets. */
  readonly scheduler: SchedulerOptionsInput;
  /** Allocation ratios and reserved host resources of the resource tracker. */
  readonly resources: ResourceTrackerOptions;
  /** `[consoleauth]`, `[console]`, `[vnc]`, `[spice]`, ...: the consoles and their proxies. */
  readonly consoles: ConsoleSettings;
}

/** The periodic task interval Nova uses when update_resources_interval is 0. */
const DEFAULT_PERIODIC_INTERVAL = 60;

export function settingsFromConfig(conf: NovaConfig): ServiceSettings {
  const ratios = allocationRatios(conf);
  const updateInterval = conf.get('DEFAULT', 'update_resources_interval');
  return {
    host: conf.get('DEFAULT', 'host'),
    transportUrl: conf.get('DEFAULT', 'transport_url') ?? '',
    rpcTimeoutMs: conf.get('DEFAULT', 'rpc_response_timeout') * 1000,
    controlExchange: conf.get('DEFAULT', 'control_exchange'),
    reportInterval: conf.get('DEFAULT', 'report_interval'),
    gracefulShutdownTimeout: conf.get('DEFAULT', 'graceful_shutdown_timeout'),
    serviceDownTime: conf.get('DEFAULT', 'service_down_time'),
    updateResourcesInterval: updateInterval > 0 ? updateInterval : DEFAULT_PERIODIC_INTERVAL,
    databases: {
      api: conf.get('api_database', 'connection'),
      cell: conf.get('database', 'connection'),
      // NOTE(pre-Stein): nova-placement-api read the API database when no placement database was set.
      placement: conf.get('placement_database', 'connection') ?? conf.get('api_database', 'connection'),
    },
    computeDriver: conf.get('DEFAULT', 'compute_driver'),
    osapiCompute: {
      host: conf.get('DEFAULT', 'osapi_compute_listen'),
      port: conf.get('DEFAULT', 'osapi_compute_listen_port'),
    },
    placementApi: { host: '0.0.0.0', port: 8778 },
    placementIndexMaxAgeMs: 100,
    enabledApis: conf.get('DEFAULT', 'enabled_apis'),
    authStrategy: conf.get('api', 'auth_strategy'),
    maxLimit: conf.get('api', 'max_limit'),
    defaultAvailabilityZone: conf.get('DEFAULT', 'default_availability_zone'),
    serverActions: {
      reclaimInstanceInterval: conf.get('DEFAULT', 'reclaim_instance_interval'),
      shelvedOffloadTime: conf.get('DEFAULT', 'shelved_offload_time'),
      allowResizeToSameHost: conf.get('DEFAULT', 'allow_resize_to_same_host'),
    },
    quota: quotaSettingsFromConfig(conf),
    scheduler: schedulerOptionsFromConfig(conf),
    resources: {
      cpu_allocation_ratio: ratios.cpu,
      ram_allocation_ratio: ratios.ram,
      disk_allocation_ratio: ratios.disk,
      reserved_host_memory_mb: conf.get('DEFAULT', 'reserved_host_memory_mb'),
      reserved_host_disk_mb: conf.get('DEFAULT', 'reserved_host_disk_mb'),
      reserved_host_cpus: conf.get('DEFAULT', 'reserved_host_cpus'),
    },
    consoles: consoleSettingsFromConfig(conf),
  };
}
