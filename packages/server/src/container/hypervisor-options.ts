/**
 * nova.conf's `[libvirt]`, `[vmware]` and `[xenserver]` groups as the
 * options of the real hypervisors' virt drivers (`compute_driver` picks
 * which one is used).
 */
import { adminContext, type ImageService, supportsImageDownload, Tokens } from '@novats/core';
import type { HypervisorOptions } from '@novats/drivers';
import { InvalidServiceOption } from './deployment-errors.js';
import type { DeploymentScope } from './deployment-scope.js';

export async function hypervisorOptions(scope: DeploymentScope): Promise<HypervisorOptions> {
  const conf = scope.conf;
  return {
    libvirt: await libvirtOptions(scope),
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

/**
 * `[libvirt]`, `[vnc]`, `[spice]` and `[DEFAULT] instances_path` for the
 * libvirt driver; images come from the image service's data facet.
 */
async function libvirtOptions(scope: DeploymentScope): Promise<HypervisorOptions['libvirt']> {
  const conf = scope.conf;
  const virtType = conf.get('libvirt', 'virt_type');
  if (virtType !== 'qemu' && virtType !== 'kvm') {
    throw new InvalidServiceOption(
      'libvirt',
      'virt_type',
      `virt_type ${virtType} is not supported by Novats (qemu, kvm)`,
    );
  }
  return {
    virtType,
    connectionUri: conf.get('libvirt', 'connection_uri') ?? '',
    instancesPath: conf.get('DEFAULT', 'instances_path') ?? '/var/lib/nova/instances',
    cpuMode: (conf.get('libvirt', 'cpu_mode') ?? undefined) as
      | 'none'
      | 'host-model'
      | 'host-passthrough'
      | 'custom'
      | undefined,
    cpuModels: conf.get('libvirt', 'cpu_models'),
    shutdownTimeout: conf.get('DEFAULT', 'shutdown_timeout'),
    vncListen: conf.get('vnc', 'enabled') ? conf.get('vnc', 'server_listen') : null,
    spiceListen: conf.get('spice', 'enabled') ? conf.get('spice', 'server_listen') : null,
    fetchImage: async (imageId) => {
      // NOTE(late): resolved at the first download, so the all-in-one's embedded image service (bound after
      // the compute hosts start) is the one read, not a second one opened on its own store.
      await scope.provide(Tokens.ImageService);
      const images = scope.resolve<ImageService>(Tokens.ImageService);
      if (!supportsImageDownload(images)) {
        throw new Error('the configured image service serves no image data (set [glance] api_servers)');
      }
      const { data } = await images.download(adminContext(`req-image-download-${imageId}`), imageId);
      if (!data) throw new Error(`image ${imageId} has no data`);
      return data.stream;
    },
    log: (msg, extra) => scope.logger.warning(msg, extra),
  };
}
