/**
 * An instance (a server) as stored in a cell database. Field names follow
 * Nova's `instances` table so that views and filters read like Nova's.
 */

import type { PowerState } from '../compute/power-state.js';
import type { TaskState } from '../compute/task-state.js';
import type { VmState } from '../compute/vm-state.js';
import type { BlockDeviceMapping } from './block-device-mapping.js';
import type { Flavor } from './flavor.js';

/** One fixed or floating address of a port, as in Nova's network info cache. */
export interface InstanceAddress {
  readonly network: string;
  readonly addr: string;
  readonly version: 4 | 6;
  readonly type: 'fixed' | 'floating';
  readonly mac_addr: string;
  /** The port the address belongs to (the fake network's; absent on rows written before ports). */
  readonly port_id?: string;
  /** The network's id (os-interface `net_id`). */
  readonly network_id?: string;
  /** Device role tag of the interface (2.49 requests, 2.70 responses). */
  readonly tag?: string | null;
}

export interface Instance {
  readonly uuid: string;
  readonly display_name: string;
  readonly display_description: string | null;
  readonly project_id: string;
  readonly user_id: string;
  readonly vm_state: VmState;
  readonly task_state: TaskState | null;
  readonly power_state: PowerState;
  readonly host: string | null;
  readonly node: string | null;
  readonly image_ref: string;
  /** The flavor as it was when the instance was built (Nova's instance_extra.flavor). */
  readonly flavor: Flavor;
  readonly availability_zone: string | null;
  readonly key_name: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly addresses: readonly InstanceAddress[];
  readonly access_ip_v4: string | null;
  readonly access_ip_v6: string | null;
  readonly config_drive: string;
  readonly progress: number;
  readonly launch_index: number;
  readonly reservation_id: string;
  readonly hostname: string;
  readonly locked: boolean;
  readonly locked_by: string | null;
  /** Why it was locked (2.73); Nova keeps it in system_metadata, we in a column. Absent: not recorded. */
  readonly locked_reason?: string | null;
  readonly user_data: string | null;
  readonly created_at: string;
  readonly updated_at: string | null;
  readonly launched_at: string | null;
  readonly terminated_at: string | null;
  readonly deleted_at: string | null;
  readonly deleted: boolean;
  /** Nova's system_metadata: what actions keep between steps (old_vm_state, shelved_image_id, ...). */
  readonly system_metadata?: Readonly<Record<string, string>>;
  /** The flavors of a resize in flight (Nova's instance_extra old_flavor / new_flavor). */
  readonly old_flavor?: Flavor | null;
  readonly new_flavor?: Flavor | null;
  /** Server tags (2.26). */
  readonly tags?: readonly string[];
  /** Names of the security groups (the fake network's). */
  readonly security_groups?: readonly string[];
  /** The instance's block device mappings beyond the image root disk (volumes, blank disks). */
  readonly block_device_mappings?: readonly BlockDeviceMapping[];
}

/** Nova's instance_faults row: why an instance went to ERROR. */
export interface InstanceFault {
  readonly instance_uuid: string;
  readonly code: number;
  readonly message: string;
  readonly details: string;
  readonly host: string | null;
  readonly created_at: string;
}
