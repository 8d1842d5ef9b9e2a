/**
 * XenAPI records for a Nova instance, as Nova's `vm_utils.create_vm`,
 * `create_vdi`, `create_vbd` and `vif.create_vif` build them: an HVM guest
 * named after the instance uuid (rescue guests `<uuid>-rescue`), memory
 * limits all at the flavor's size, `other_config:nova_uuid` so that the
 * driver finds its own guests, and a thin root disk in the chosen SR.
 */
import type { Flavor, Instance, VirtualInterface } from '@novats/core';
import type { XmlRpcValue } from './xmlrpc-codec.js';

const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

export type XenApiRecord = { readonly [field: string]: XmlRpcValue };

/** The four memory limits of a flavor, in bytes, as strings (XenAPI ints). */
export function memoryLimits(flavor: Flavor): [string, string, string, string] {
  const bytes = String(flavor.memory_mb * MiB);
  return [bytes, bytes, bytes, bytes];
}

export function vmRecord(args: {
  readonly instance: Instance;
  readonly nameLabel: string;
  readonly hostRef: string;
  readonly otherConfig: Readonly<Record<string, string>>;
}): XenApiRecord {
  const { instance } = args;
  const [smin, smax, dmin, dmax] = memoryLimits(instance.flavor);
  return {
    name_label: args.nameLabel,
    name_description: instance.display_name,
    user_version: '0',
    is_a_template: false,
    affinity: args.hostRef,
    memory_static_max: smax,
    memory_dynamic_max: dmax,
    memory_dynamic_min: dmin,
    memory_static_min: smin,
    VCPUs_params: {},
    VCPUs_max: String(instance.flavor.vcpus),
    VCPUs_at_startup: String(instance.flavor.vcpus),
    actions_after_shutdown: 'destroy',
    actions_after_reboot: 'restart',
    actions_after_crash: 'destroy',
    PV_bootloader: '',
    PV_kernel: '',
    PV_ramdisk: '',
    PV_args: '',
    PV_bootloader_args: '',
    PV_legacy_args: '',
    HVM_boot_policy: 'BIOS order',
    HVM_boot_params: { order: 'dc' },
    platform: { acpi: 'true', apic: 'true', pae: 'true', viridian: 'true', timeoffset: '0' },
    PCI_bus: '',
    recommendations: '',
    other_config: { ...args.otherConfig },
    xenstore_data: {},
  };
}

/** A thin disk of `gb` GiB (at least 1: a root_gb of 0 means "the image's size", unknown here). */
export function vdiRecord(srRef: string, instance: Instance, gb: number, diskType: string): XenApiRecord {
  return {
    name_label: `${instance.display_name} ${diskType}`,
    name_description: diskType,
    SR: srRef,
    virtual_size: String(Math.max(1, gb) * GiB),
    type: 'system',
    sharable: false,
    read_only: false,
    xenstore_data: {},
    other_config: { nova_instance_uuid: instance.uuid, nova_disk_type: diskType },
    sm_config: {},
    tags: [],
  };
}

export function vbdRecord(
  vmRef: string,
  vdiRef: string,
  userdevice: number,
  bootable: boolean,
): XenApiRecord {
  return {
    VM: vmRef,
    VDI: vdiRef,
    userdevice: String(userdevice),
    bootable,
    mode: 'RW',
    type: 'Disk',
    empty: false,
    unpluggable: true,
    other_config: {},
    qos_algorithm_type: '',
    qos_algorithm_params: {},
  };
}

/** Nova's VIF record: the Neutron port id in `other_config:nicira-iface-id`. */
export function vifRecord(
  vmRef: string,
  networkRef: string,
  vif: VirtualInterface,
  device: number,
): XenApiRecord {
  return {
    device: String(device),
    network: networkRef,
    VM: vmRef,
    MAC: vif.mac_address,
    MTU: '1500',
    other_config: { 'nicira-iface-id': vif.port_id },
    qos_algorithm_type: '',
    qos_algorithm_params: {},
  };
}
