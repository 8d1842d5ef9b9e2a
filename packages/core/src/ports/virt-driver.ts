/**
 * The hypervisor seen by one nova-compute (Nova's ComputeDriver, kept small).
 * Extra abilities (consoles, migration, volumes) are separate facets added later,
 * detected with type guards; nothing here throws "not implemented".
 */

import type { PowerState } from '../compute/power-state.js';
import type { ImageMeta } from '../objects/image.js';
import type { Instance } from '../objects/instance.js';

/** What a node offers, reported to the resource tracker and then to placement. */
export interface NodeResources {
  readonly hypervisor_hostname: string;
  readonly hypervisor_type: string;
  readonly hypervisor_version: number;
  readonly vcpus: number;
  readonly memory_mb: number;
  readonly local_gb: number;
  readonly host_ip: string;
  readonly cpu_info: string;
}

export interface InstanceInfo {
  readonly state: PowerState;
}

export interface VirtDriver {
  /** Called once when the compute service starts, before anything else. */
  init(host: string): Promise<void>;
  /** The nodes this driver manages (one for libvirt; several for the fake driver's multi-node mode). */
  getAvailableNodes(): Promise<string[]>;
  getNodeResources(nodename: string): Promise<NodeResources>;
  /** Creates and starts the guest; rejects (and leaves nothing running) on failure. */
  spawn(
    instance: Instance,
    image: ImageMeta | null,
    opts: {
      adminPass?: string | null /** The config drive image (ISO 9660), when the instance has one. */;
      configDrive?: Uint8Array;
    },
  ): Promise<void>;
  /** Removes the guest; resolves when it is gone, also when it never existed (idempotent). */
  destroy(instance: Instance): Promise<void>;
  reboot(instance: Instance, type: 'SOFT' | 'HARD'): Promise<void>;
  powerOff(instance: Instance): Promise<void>;
  powerOn(instance: Instance): Promise<void>;
  /** Rejects with InstanceNotFound when the hypervisor does not know the guest. */
  getInfo(instance: Instance): Promise<InstanceInfo>;
  listInstanceUuids(): Promise<string[]>;
}
