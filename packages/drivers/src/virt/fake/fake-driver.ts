/**
 * Nova's FakeDriver: a hypervisor that keeps guests in memory, for tests,
 * benchmarks and `novats up`. One host, one or more nodes, optional spawn
 * delay and injected spawn failures (to exercise rescheduling). Power
 * operations move the guest between Nova's power states as a real one would.
 */
import {
  BuildFailed,
  ComputeHostNotFound,
  Conflict,
  type ConsoleConnectInfo,
  type Flavor,
  type ImageMeta,
  type Instance,
  type InstanceDiagnostics,
  type InstanceInfo,
  InstanceInvalidState,
  InstanceNotFound,
  type NodeResources,
  PowerState,
  type SnapshotData,
  type SpawnOptions,
  type SpiceConnectInfo,
  type SupportsImageCache,
  type SupportsVncConsole,
  type VirtDriver,
  type VirtDriverCapabilities,
  type VirtualInterface,
  type VolumeConnection,
} from '@novats/core';
import { FAKE_CAPABILITIES } from './fake-capabilities.js';
import { FakeConsoles } from './fake-consoles.js';
import { FakeFaults, guardWithFaults } from './fake-faults.js';

export interface FakeDriverOptions {
  /** Per node; Nova's FakeDriver reports 1000 vCPUs, 800000 MiB and 600000 GiB. */
  readonly vcpus?: number;
  readonly memory_mb?: number;
  readonly local_gb?: number;
  readonly hypervisor_type?: string;
  readonly hypervisor_version?: number;
  readonly host_ip?: string;
  /** Node names (Nova's `set_nodes`, multi-node mode); the host name alone when omitted. */
  readonly nodes?: readonly string[];
  /** How long a spawn takes, in milliseconds (0: it still completes on a later tick). */
  readonly spawnDelayMs?: number;
  /** Fails the spawn of instances it returns true for (or a message string). */
  readonly failSpawn?: (instance: Instance) => boolean | string;
  /** Fails the next N spawns, whatever the instance. */
  readonly failNextSpawns?: number;
}

/** A guest the fake hypervisor knows. */
export interface FakeGuest {
  readonly uuid: string;
  readonly name: string;
  readonly node: string;
  readonly state: PowerState;
  readonly image_id: string | null;
  readonly memory_mb: number;
  readonly vcpus: number;
  readonly admin_pass: string | null;
  /** Rescued guests run from the rescue image; `unrescue` brings the own disk back. */
  readonly rescued: boolean;
  /** What the serial console printed, oldest first (os-getConsoleOutput). */
  readonly console: readonly string[];
  readonly volumes: ReadonlyMap<string, string>;
  readonly interfaces: ReadonlyMap<string, VirtualInterface>;
  /** Set on the source of a resize/migration until it is confirmed or reverted. */
  readonly migrating_to: string | null;
  readonly crash_dumps: number;
  /** The config drive image the compute host attached, as the guest would see the disk. */
  readonly config_drive: Uint8Array | null;
}

const DEFAULTS = { vcpus: 1000, memory_mb: 800_000, local_gb: 600_000 };

export class FakeDriver implements VirtDriver, SupportsVncConsole, SupportsImageCache {
  readonly capabilities: VirtDriverCapabilities = FAKE_CAPABILITIES;
  readonly #opts: FakeDriverOptions;
  readonly #consoles = new FakeConsoles();
  readonly #guests = new Map<string, FakeGuest>();
  #host = 'fake-host';
  #nodes: string[];
  #failNextSpawns: number;
  readonly #cachedImages = new Set<string>();
  /** Injected faults of this host: fail or delay an action, crash the host (see fake-faults.ts). */
  readonly faults: FakeFaults;

  constructor(opts: FakeDriverOptions = {}) {
    this.#opts = opts;
    this.#nodes = opts.nodes ? [...opts.nodes] : [];
    this.#failNextSpawns = opts.failNextSpawns ?? 0;
    this.faults = new FakeFaults(
      () => this.#host,
      () => this.#guests.clear(),
    );
    guardWithFaults(this, this.faults);
  }

  async init(host: string): Promise<void> {
    this.#host = host;
    if (!this.#opts.nodes || this.#opts.nodes.length === 0) this.#nodes = [host];
  }

  async getAvailableNodes(): Promise<string[]> {
    return this.#nodes.length > 0 ? [...this.#nodes] : [this.#host];
  }

  async getNodeResources(nodename: string): Promise<NodeResources> {
    if (!(await this.getAvailableNodes()).includes(nodename)) throw new ComputeHostNotFound(nodename);
    return {
      hypervisor_hostname: nodename,
      hypervisor_type: this.#opts.hypervisor_type ?? 'fake',
      hypervisor_version: this.#opts.hypervisor_version ?? 1000,
      vcpus: this.#opts.vcpus ?? DEFAULTS.vcpus,
      memory_mb: this.#opts.memory_mb ?? DEFAULTS.memory_mb,
      local_gb: this.#opts.local_gb ?? DEFAULTS.local_gb,
      host_ip: this.#opts.host_ip ?? '127.0.0.1',
      // NOTE(clients): a JSON object, as real drivers report it; the CLI reads it as a dict.
      cpu_info: JSON.stringify({
        arch: 'x86_64',
        vendor: 'fake',
        model: 'fake',
        topology: { sockets: 1, cores: this.#opts.vcpus ?? DEFAULTS.vcpus, threads: 1 },
        features: [],
      }),
      cpu_traits: [],
    };
  }

  async spawn(instance: Instance, image: ImageMeta | null, opts: SpawnOptions): Promise<void> {
    if (this.#guests.has(instance.uuid)) {
      throw new Conflict(`Instance ${instance.uuid} already exists on host ${this.#host}.`);
    }
    const nodes = await this.getAvailableNodes();
    const node = instance.node && nodes.includes(instance.node) ? instance.node : nodes[0];
    // NOTE(race): the guest exists (NOSTATE) while it builds, so a destroy during the delay wins.
    const building: FakeGuest = {
      uuid: instance.uuid,
      name: instance.display_name,
      node,
      state: PowerState.NOSTATE,
      image_id: image?.id ?? null,
      memory_mb: instance.flavor.memory_mb,
      vcpus: instance.flavor.vcpus,
      admin_pass: opts.adminPass ?? null,
      rescued: false,
      console: [`Booting ${instance.display_name} (${instance.uuid}) on ${this.#host}`],
      volumes: new Map(),
      interfaces: new Map((opts.networkInfo ?? []).map((vif) => [vif.port_id, vif])),
      migrating_to: null,
      crash_dumps: 0,
      config_drive: opts.configDrive ?? null,
    };
    this.#guests.set(instance.uuid, building);
    // NOTE(latency): no delay still yields a turn of the loop (the race above stays possible), but
    // not through a timer: setTimeout(0) waits at least 1 ms, a twentieth of a test cloud's whole boot.
    const delayMs = this.#opts.spawnDelayMs ?? 0;
    await new Promise((resolve) => (delayMs > 0 ? setTimeout(resolve, delayMs) : setImmediate(resolve)));
    if (this.#guests.get(instance.uuid) !== building) throw new InstanceNotFound(instance.uuid);
    const failure = this.#injectedFailure(instance);
    if (failure !== null) {
      this.#guests.delete(instance.uuid);
      throw new BuildFailed(failure);
    }
    this.#guests.set(instance.uuid, {
      ...building,
      state: PowerState.RUNNING,
      console: [...building.console, `${instance.display_name} login:`],
    });
  }

  async destroy(instance: Instance): Promise<void> {
    this.#guests.delete(instance.uuid);
    await this.#consoles.close(instance.uuid);
  }

  /** A VNC server drawing the guest's name (fake-consoles.ts). */
  async getVncConsole(instance: Instance): Promise<ConsoleConnectInfo> {
    return this.#consoles.vnc(this.#guest(instance.uuid));
  }

  /** A SPICE server answering the link stage (fake-consoles.ts). */
  async getSpiceConsole(instance: Instance): Promise<SpiceConnectInfo> {
    return this.#consoles.spice(this.#guest(instance.uuid));
  }

  /** The guest's serial port: a login prompt that echoes (fake-consoles.ts). */
  async getSerialConsole(instance: Instance): Promise<ConsoleConnectInfo> {
    return this.#consoles.serial(this.#guest(instance.uuid));
  }

  async reboot(instance: Instance, type: 'SOFT' | 'HARD'): Promise<void> {
    this.#update(instance.uuid, { state: PowerState.RUNNING }, `${type} reboot`);
  }

  async powerOff(instance: Instance): Promise<void> {
    this.#update(instance.uuid, { state: PowerState.SHUTDOWN }, 'Power down');
  }

  async powerOn(instance: Instance): Promise<void> {
    this.#update(instance.uuid, { state: PowerState.RUNNING }, 'Power on');
  }

  async pause(instance: Instance): Promise<void> {
    this.#expectState(instance, 'pause', PowerState.RUNNING);
    this.#update(instance.uuid, { state: PowerState.PAUSED });
  }

  async unpause(instance: Instance): Promise<void> {
    this.#expectState(instance, 'unpause', PowerState.PAUSED);
    this.#update(instance.uuid, { state: PowerState.RUNNING });
  }

  async suspend(instance: Instance): Promise<void> {
    this.#expectState(instance, 'suspend', PowerState.RUNNING, PowerState.PAUSED);
    this.#update(instance.uuid, { state: PowerState.SUSPENDED }, 'Suspended to disk');
  }

  async resume(instance: Instance): Promise<void> {
    this.#expectState(instance, 'resume', PowerState.SUSPENDED);
    this.#update(instance.uuid, { state: PowerState.RUNNING }, 'Resumed');
  }

  async rescue(
    instance: Instance,
    rescueImage: ImageMeta | null,
    rescuePassword: string | null,
  ): Promise<void> {
    const image = rescueImage?.id ?? this.#guest(instance.uuid).image_id ?? 'none';
    this.#update(
      instance.uuid,
      { state: PowerState.RUNNING, rescued: true, admin_pass: rescuePassword },
      `Rescue boot from image ${image}`,
    );
  }

  async unrescue(instance: Instance): Promise<void> {
    this.#update(instance.uuid, { state: PowerState.RUNNING, rescued: false }, 'Unrescued');
  }

  async snapshot(instance: Instance, imageId: string): Promise<SnapshotData> {
    const guest = this.#guest(instance.uuid);
    const disk = new TextEncoder().encode(
      `fake disk of ${guest.uuid} (image ${guest.image_id}) as ${imageId}\n`,
    );
    return {
      disk_format: 'raw',
      container_format: 'bare',
      chunks: (async function* () {
        yield disk;
      })(),
    };
  }

  async migrateDiskAndPowerOff(instance: Instance, destHost: string, _newFlavor: Flavor): Promise<void> {
    this.#update(
      instance.uuid,
      { state: PowerState.SHUTDOWN, migrating_to: destHost },
      `Migrating to ${destHost}`,
    );
  }

  async finishMigration(
    instance: Instance,
    newFlavor: Flavor,
    image: ImageMeta | null,
    powerOn: boolean,
  ): Promise<void> {
    const state = powerOn ? PowerState.RUNNING : PowerState.SHUTDOWN;
    const sized = { memory_mb: newFlavor.memory_mb, vcpus: newFlavor.vcpus, state };
    // NOTE(same-host): a resize to the same host finds the guest here and changes it in place.
    if (this.#guests.has(instance.uuid)) {
      this.#update(instance.uuid, sized, `Resized to ${newFlavor.name}`);
      return;
    }
    const nodes = await this.getAvailableNodes();
    this.#guests.set(instance.uuid, {
      ...this.#newGuest(instance, nodes.includes(instance.node ?? '') ? (instance.node as string) : nodes[0]),
      ...sized,
      image_id: image?.id ?? instance.image_ref ?? null,
      console: [`Arrived with flavor ${newFlavor.name}`],
    });
  }

  async confirmMigration(instance: Instance): Promise<void> {
    const guest = this.#guests.get(instance.uuid);
    if (!guest) return;
    // NOTE(confirm): the source forgets a guest that moved away; a same-host resize keeps it.
    if (guest.migrating_to !== null && guest.migrating_to !== this.#host) this.#guests.delete(instance.uuid);
    else this.#update(instance.uuid, { migrating_to: null });
  }

  async finishRevertMigration(instance: Instance, oldFlavor: Flavor, powerOn: boolean): Promise<void> {
    const state = powerOn ? PowerState.RUNNING : PowerState.SHUTDOWN;
    this.#update(
      instance.uuid,
      { state, migrating_to: null, memory_mb: oldFlavor.memory_mb, vcpus: oldFlavor.vcpus },
      `Reverted to flavor ${oldFlavor.name}`,
    );
  }

  /** The fake hosts can always take a guest (inject a fault on this action to refuse one). */
  async checkCanLiveMigrateDestination(_instance: Instance, _sourceHost: string): Promise<void> {}

  async preLiveMigration(instance: Instance): Promise<void> {
    if (this.#guests.has(instance.uuid)) return;
    const nodes = await this.getAvailableNodes();
    this.#guests.set(instance.uuid, { ...this.#newGuest(instance, nodes[0]), state: PowerState.PAUSED });
  }

  async liveMigration(instance: Instance, destHost: string): Promise<void> {
    this.#guest(instance.uuid);
    if (destHost !== this.#host) this.#guests.delete(instance.uuid);
  }

  async postLiveMigrationAtDestination(instance: Instance): Promise<void> {
    this.#update(instance.uuid, { state: PowerState.RUNNING }, 'Live migration completed');
  }

  async rollbackLiveMigrationAtDestination(instance: Instance): Promise<void> {
    const guest = this.#guests.get(instance.uuid);
    if (guest && guest.state === PowerState.PAUSED) this.#guests.delete(instance.uuid);
  }

  async getConsoleOutput(instance: Instance): Promise<string> {
    return `${this.#guest(instance.uuid).console.join('\n')}\n`;
  }

  async setAdminPassword(instance: Instance, password: string): Promise<void> {
    this.#expectState(instance, 'set admin password', PowerState.RUNNING);
    this.#update(instance.uuid, { admin_pass: password });
  }

  async triggerCrashDump(instance: Instance): Promise<void> {
    this.#expectState(instance, 'trigger crash dump', PowerState.RUNNING);
    const guest = this.#guest(instance.uuid);
    this.#update(instance.uuid, { crash_dumps: guest.crash_dumps + 1 }, 'NMI received: dumping core');
  }

  /** Images pre-cached on this host (POST /os-aggregates/{id}/images), in the order they came. */
  get cachedImages(): readonly string[] {
    return [...this.#cachedImages];
  }

  async cacheImage(imageId: string): Promise<boolean> {
    if (this.#cachedImages.has(imageId)) return false;
    this.#cachedImages.add(imageId);
    return true;
  }

  async getDiagnostics(instance: Instance): Promise<InstanceDiagnostics> {
    const guest = this.#guest(instance.uuid);
    const states: Record<number, string> = {
      0: 'pending',
      1: 'running',
      3: 'paused',
      4: 'shutdown',
      6: 'crashed',
      7: 'suspended',
    };
    return {
      state: states[guest.state] ?? 'pending',
      driver: 'fake',
      hypervisor: 'fake',
      hypervisor_os: 'fake-os',
      uptime: 46664,
      config_drive: guest.config_drive !== null,
      num_cpus: guest.vcpus,
      num_nics: guest.interfaces.size,
      num_disks: 1 + guest.volumes.size,
      memory_details: { maximum: guest.memory_mb, used: 0 },
      cpu_details: Array.from({ length: guest.vcpus }, (_, id) => ({
        id,
        time: 17300000000,
        utilisation: 15,
      })),
      nic_details: [...guest.interfaces.values()].map((vif) => ({ mac_address: vif.mac_address })),
      disk_details: Array.from({ length: 1 + guest.volumes.size }, () => ({
        read_bytes: 262144,
        write_bytes: 5778432,
      })),
    };
  }

  async attachVolume(instance: Instance, connection: VolumeConnection, mountpoint: string): Promise<void> {
    const guest = this.#guest(instance.uuid);
    if (guest.volumes.has(connection.volume_id)) {
      throw new Conflict(`Volume ${connection.volume_id} is already attached to instance ${instance.uuid}.`);
    }
    this.#update(instance.uuid, { volumes: new Map(guest.volumes).set(connection.volume_id, mountpoint) });
  }

  async detachVolume(instance: Instance, volumeId: string): Promise<void> {
    const volumes = new Map(this.#guest(instance.uuid).volumes);
    volumes.delete(volumeId);
    this.#update(instance.uuid, { volumes });
  }

  async attachInterface(instance: Instance, vif: VirtualInterface): Promise<void> {
    const guest = this.#guest(instance.uuid);
    this.#update(instance.uuid, { interfaces: new Map(guest.interfaces).set(vif.port_id, vif) });
  }

  async detachInterface(instance: Instance, portId: string): Promise<void> {
    const interfaces = new Map(this.#guest(instance.uuid).interfaces);
    interfaces.delete(portId);
    this.#update(instance.uuid, { interfaces });
  }

  async getInfo(instance: Instance): Promise<InstanceInfo> {
    return { state: this.#guest(instance.uuid).state };
  }

  async listInstanceUuids(): Promise<string[]> {
    return [...this.#guests.keys()];
  }

  /** Fails the next `count` spawns (tests of rescheduling). */
  failNextSpawns(count: number): void {
    this.#failNextSpawns = count;
  }

  /** Changes a guest's power state behind Nova's back, e.g. CRASHED or SHUTDOWN (power-state sync tests). */
  setPowerState(uuid: string, state: PowerState): void {
    this.#setState(uuid, state);
  }

  /** A snapshot of the guests, for assertions. */
  guests(): FakeGuest[] {
    return [...this.#guests.values()];
  }

  get host(): string {
    return this.#host;
  }

  #guest(uuid: string): FakeGuest {
    const guest = this.#guests.get(uuid);
    if (!guest) throw new InstanceNotFound(uuid);
    return guest;
  }

  #setState(uuid: string, state: PowerState): void {
    this.#update(uuid, { state });
  }

  /** Changes a guest, logging `line` on its console when given. */
  #update(uuid: string, change: Partial<FakeGuest>, line?: string): void {
    const guest = this.#guest(uuid);
    const console = line === undefined ? guest.console : [...guest.console, line];
    this.#guests.set(uuid, { ...guest, ...change, console });
  }

  /** Rejects an action the guest's power state does not allow, as a hypervisor would. */
  #expectState(instance: Instance, action: string, ...allowed: PowerState[]): void {
    const state = this.#guest(instance.uuid).state;
    if (!allowed.includes(state)) {
      throw new InstanceInvalidState(action, instance.uuid, 'power_state', String(state));
    }
  }

  #newGuest(instance: Instance, node: string): FakeGuest {
    return {
      uuid: instance.uuid,
      name: instance.display_name,
      node,
      state: PowerState.NOSTATE,
      image_id: instance.image_ref ?? null,
      memory_mb: instance.flavor.memory_mb,
      vcpus: instance.flavor.vcpus,
      admin_pass: null,
      rescued: false,
      console: [],
      volumes: new Map(),
      interfaces: new Map(),
      migrating_to: null,
      crash_dumps: 0,
      config_drive: null,
    };
  }

  /** The failure message for this spawn, or null; counted failures are used up first. */
  #injectedFailure(instance: Instance): string | null {
    const message = `Fake spawn failure of instance ${instance.uuid} on host ${this.#host}`;
    if (this.#failNextSpawns > 0) {
      this.#failNextSpawns -= 1;
      return message;
    }
    const verdict = this.#opts.failSpawn?.(instance) ?? false;
    if (verdict === false) return null;
    return typeof verdict === 'string' ? verdict : message;
  }
}
