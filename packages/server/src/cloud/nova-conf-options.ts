/**
 * What an operator's nova.conf changes in the all-in-one cloud: the
 * scheduler's filters, weighers and multipliers, the resource tracker's
 * allocation ratios and reservations, and the API's limits, read with
 * Nova's option names and defaults.
 */
import type { NovaConfig } from '@novats/core';
import { allocationRatios, schedulerOptionsFromConfig } from '@novats/core';
import type { AllInOneOptions } from './all-in-one.js';

export function allInOneOptionsFromConfig(
  conf: NovaConfig,
): Pick<AllInOneOptions, 'scheduler' | 'resources' | 'serviceDownTime' | 'maxLimit'> {
  const ratios = allocationRatios(conf);
  return {
    scheduler: schedulerOptionsFromConfig(conf),
    resources: {
      cpu_allocation_ratio: ratios.cpu,
      ram_allocation_ratio: ratios.ram,
      disk_allocation_ratio: ratios.disk,
      reserved_host_memory_mb: conf.get('DEFAULT', 'reserved_host_memory_mb'),
      reserved_host_disk_mb: conf.get('DEFAULT', 'reserved_host_disk_mb'),
      reserved_host_cpus: conf.get('DEFAULT', 'reserved_host_cpus'),
    },
    serviceDownTime: conf.get('DEFAULT', 'service_down_time'),
    maxLimit: conf.get('api', 'max_limit'),
  };
}
