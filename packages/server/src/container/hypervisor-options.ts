/**
 * nova.conf's `[vmware]` and `[xenserver]` groups as the options of the
 * VMware and XenAPI virt drivers (`compute_driver` picks which one is used;
 * libvirt's options are read in adapter-providers.ts).
 */
import type { NovaConfig } from '@novats/core';
import type { HypervisorOptions } from '@novats/drivers';

export function vmwareXenOptions(conf: NovaConfig): Pick<HypervisorOptions, 'vmware' | 'xenserver'> {
  return {
    vmware: {
      host_ip: conf.get('vmware', 'host_ip'),
      host_port: conf.get('vmware', 'host_port'),
      host_username: conf.get('vmware', 'host_username'),
      host_password: conf.get('vmware', 'host_password'),
      cluster_name: conf.get('vmware', 'cluster_name'),
      insecure: conf.get('vmware', 'insecure'),
      datastore_regex: conf.get('vmware', 'datastore_regex'),
      api_retry_count: conf.get('vmware', 'api_retry_count'),
    },
    xenserver: {
      connection_url: conf.get('xenserver', 'connection_url'),
      connection_username: conf.get('xenserver', 'connection_username') ?? 'root',
      connection_password: conf.get('xenserver', 'connection_password'),
      sr_matching_filter: conf.get('xenserver', 'sr_matching_filter') ?? 'default-sr:true',
    },
  };
}
