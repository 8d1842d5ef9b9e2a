/**
 * Resource classes: the standard set of os-resource-classes 1.1.0 (the Zed
 * floor), in the order that fixes their database ids, and the `CUSTOM_`
 * namespace operators may add to.
 */

export const STANDARD_RESOURCE_CLASSES = [
  'VCPU',
  'MEMORY_MB',
  'DISK_GB',
  'PCI_DEVICE',
  'SRIOV_NET_VF',
  'NUMA_SOCKET',
  'NUMA_CORE',
  'NUMA_THREAD',
  'NUMA_MEMORY_MB',
  'IPV4_ADDRESS',
  'VGPU',
  'VGPU_DISPLAY_HEAD',
  'NET_BW_EGR_KILOBIT_PER_SEC',
  'NET_BW_IGR_KILOBIT_PER_SEC',
  'PCPU',
  'MEM_ENCRYPTION_CONTEXT',
  'FPGA',
  'PGPU',
  'NET_PACKET_RATE_KILOPACKET_PER_SEC',
  'NET_PACKET_RATE_EGR_KILOPACKET_PER_SEC',
  'NET_PACKET_RATE_IGR_KILOPACKET_PER_SEC',
] as const;

export type StandardResourceClass = (typeof STANDARD_RESOURCE_CLASSES)[number];

/** Custom classes: `CUSTOM_` then upper-case letters, digits and underscores. */
export const CUSTOM_RESOURCE_CLASS_PATTERN = /^CUSTOM_[A-Z0-9_]+$/;

/** Any syntactically valid class name (standard or custom). */
export const RESOURCE_CLASS_PATTERN = /^[A-Z0-9_]+$/;

/** Custom classes get database ids from here on (Placement's C.CUSTOM offset). */
export const CUSTOM_RESOURCE_CLASS_ID_START = 10000;

const STANDARD = new Set<string>(STANDARD_RESOURCE_CLASSES);

export function isStandardResourceClass(name: string): name is StandardResourceClass {
  return STANDARD.has(name);
}

export function isCustomResourceClass(name: string): boolean {
  return CUSTOM_RESOURCE_CLASS_PATTERN.test(name) && name.length <= 255;
}

/** The database id of a standard class (its position), or undefined. */
export function standardResourceClassId(name: string): number | undefined {
  const i = (STANDARD_RESOURCE_CLASSES as readonly string[]).indexOf(name);
  return i < 0 ? undefined : i;
}
