/**
 * The hypervisor seen by one nova-compute (Nova's ComputeDriver).
 *
 * Every driver implements every member. What a back-end cannot do it says
 * through `capabilities` (Nova's `ComputeDriver.capabilities` plus the
 * per-action flags Nova expresses as NotImplementedError); the API checks a
 * capability before it casts, and a driver asked anyway rejects with
 * `VirtDriverActionUnsupported`. No member is optional, so a caller never
 * probes for a method.
 */

import type { PowerState } from '../compute/power-state.js';
import type { Flavor } from '../objects/flavor.js';
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
  /** os-traits names of the host CPU (HW_CPU_X86_AVX2, ...), reported on the node's provider. */
  readonly cpu_traits: readonly string[];
}

export interface InstanceInfo {
  readonly state: PowerState;
}

/**
 * Nova's driver capabilities. The `supports_*` names of Nova are kept; the
 * action flags stand for the actions Nova's base driver leaves unimplemented.
 */
export interface VirtDriverCapabilities {
  readonly has_imagecache: boolean;
  readonly supports_evacuate: boolean;
  readonly supports_migrate_to_same_host: boolean;
  readonly supports_attach_interface: boolean;
  readonly supports_attach_volume: boolean;
  readonly supports_device_tagging: boolean;
  readonly supports_multiattach: boolean;
  readonly supports_trusted_certs: boolean;
  readonly supports_pause: boolean;
  readonly supports_suspend: boolean;
  readonly supports_rescue: boolean;
  /** Rescue of a volume-backed instance (trait COMPUTE_RESCUE_BFV; 2.87). */
  readonly supports_bfv_rescue: boolean;
  readonly supports_snapshot: boolean;
  readonly supports_resize: boolean;
  readonly supports_live_migration: boolean;
  readonly supports_console_output: boolean;
  readonly supports_set_admin_password: boolean;
  readonly supports_trigger_crash_dump: boolean;
  readonly supports_diagnostics: boolean;
}

export type VirtDriverAction = keyof VirtDriverCapabilities;

/** The image a snapshot produced, streamed so that a large disk never sits in memory. */
export interface SnapshotData {
  readonly disk_format: string;
  readonly container_format: string;
  readonly chunks: AsyncIterable<Uint8Array>;
}

/** A volume as the volume service hands it to the hypervisor (Cinder's connection_info, reduced). */
export interface VolumeConnection {
  readonly volume_id: string;
  readonly driver_volume_type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A virtual interface as the network service describes it (Nova's VIF, reduced). */
export interface VirtualInterface {
  readonly port_id: string;
  readonly mac_address: string;
  readonly network_id: string;
  readonly fixed_ips: readonly string[];
}

/** Nova's standard diagnostics (microversion 2.48). */
export interface InstanceDiagnostics {
  readonly state: string;
  readonly driver: string;
  readonly hypervisor: string | null;
  readonly hypervisor_os: string | null;
  readonly uptime: number | null;
  readonly config_drive: boolean;
  readonly num_cpus: number;
  readonly num_nics: number;
  readonly num_disks: number;
  readonly memory_details: { readonly maximum: number; readonly used: number };
  readonly cpu_details: readonly {
    readonly id: number;
    readonly time: number;
    readonly utilisation: number | null;
  }[];
  readonly nic_details: readonly { readonly mac_address: string }[];
  readonly disk_details: readonly { readonly read_bytes: number; readonly write_bytes: number }[];
}

export interface SpawnOptions {
  readonly adminPass?: string | null;
  readonly networkInfo?: readonly VirtualInterface[];
  readonly userData?: string | null;
  /** The config drive image (ISO 9660, label config-2), when the instance has one. */
  readonly configDrive?: Uint8Array;
}

export interface VirtDriver {
  readonly capabilities: VirtDriverCapabilities;
  /** Called once when the compute service starts, before anything else. */
  init(host: string): Promise<void>;
  /** The nodes this driver manages (one for libvirt; several for the fake driver's multi-node mode). */
  getAvailableNodes(): Promise<string[]>;
  getNodeResources(nodename: string): Promise<NodeResources>;
  /** Creates and starts the guest; rejects (and leaves nothing running) on failure. */
  spawn(instance: Instance, image: ImageMeta | null, opts: SpawnOptions): Promise<void>;
  /** Removes the guest and its files; resolves when it is gone, also when it never existed (idempotent). */
  destroy(instance: Instance): Promise<void>;
  reboot(instance: Instance, type: 'SOFT' | 'HARD'): Promise<void>;
  powerOff(instance: Instance): Promise<void>;
  powerOn(instance: Instance): Promise<void>;
  pause(instance: Instance): Promise<void>;
  unpause(instance: Instance): Promise<void>;
  suspend(instance: Instance): Promise<void>;
  resume(instance: Instance): Promise<void>;
  /** Boots the guest from `rescueImage` with its own disk attached second; `unrescue` restores it. */
  rescue(instance: Instance, rescueImage: ImageMeta | null, rescuePassword: string | null): Promise<void>;
  unrescue(instance: Instance): Promise<void>;
  /** The guest's disk as an image; the caller uploads it to the image service. */
  snapshot(instance: Instance, imageId: string): Promise<SnapshotData>;
  /** Resize/migrate, source side: stop the guest and hand its disk over (Nova's migrate_disk_and_power_off). */
  migrateDiskAndPowerOff(instance: Instance, destHost: string, newFlavor: Flavor): Promise<void>;
  /** Resize/migrate, destination side: bring the guest up with the new flavor (Nova's finish_migration). */
  finishMigration(
    instance: Instance,
    newFlavor: Flavor,
    image: ImageMeta | null,
    powerOn: boolean,
  ): Promise<void>;
  /** Resize confirmed: the source drops what it kept for a revert. */
  confirmMigration(instance: Instance): Promise<void>;
  /** Resize reverted: the source brings the guest back with its old flavor. */
  finishRevertMigration(instance: Instance, oldFlavor: Flavor, powerOn: boolean): Promise<void>;
  /**
   * Live migration pre-check on the destination before anything moves (Nova's
   * check_can_live_migrate_destination): rejects when this host cannot take
   * the guest from `sourceHost`.
   */
  checkCanLiveMigrateDestination(instance: Instance, sourceHost: string): Promise<void>;
  /** Live migration, destination side: prepare to receive the running guest. */
  preLiveMigration(instance: Instance): Promise<void>;
  /** Live migration, source side: move the running guest to `destHost`, then forget it here. */
  liveMigration(instance: Instance, destHost: string): Promise<void>;
  /** Live migration, destination side: the guest arrived and runs here. */
  postLiveMigrationAtDestination(instance: Instance): Promise<void>;
  /** Live migration failed: the destination removes what it prepared. */
  rollbackLiveMigrationAtDestination(instance: Instance): Promise<void>;
  getConsoleOutput(instance: Instance): Promise<string>;
  setAdminPassword(instance: Instance, password: string): Promise<void>;
  triggerCrashDump(instance: Instance): Promise<void>;
  getDiagnostics(instance: Instance): Promise<InstanceDiagnostics>;
  attachVolume(instance: Instance, connection: VolumeConnection, mountpoint: string): Promise<void>;
  detachVolume(instance: Instance, volumeId: string): Promise<void>;
  attachInterface(instance: Instance, vif: VirtualInterface): Promise<void>;
  detachInterface(instance: Instance, portId: string): Promise<void>;
  /** Rejects with InstanceNotFound when the hypervisor does not know the guest. */
  getInfo(instance: Instance): Promise<InstanceInfo>;
  listInstanceUuids(): Promise<string[]>;
}
