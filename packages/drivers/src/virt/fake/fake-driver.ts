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
  type ImageMeta,
  type Instance,
  type InstanceInfo,
  InstanceNotFound,
  type NodeResources,
  PowerState,
  type VirtDriver,
} from '@novats/core';

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
  /** The config drive image the compute host attached, as the guest would see the disk. */
  readonly config_drive: Uint8Array | null;
}

const DEFAULTS = { vcpus: 1000, memory_mb: 800_000, local_gb: 600_000 };

export class FakeDriver implements VirtDriver {
  readonly #opts: FakeDriverOptions;
  readonly #guests = new Map<string, FakeGuest>();
  #host = 'fake-host';
  #nodes: string[];
  #failNextSpawns: number;

  constructor(opts: FakeDriverOptions = {}) {
    this.#opts = opts;
    this.#nodes = opts.nodes ? [...opts.nodes] : [];
    this.#failNextSpawns = opts.failNextSpawns ?? 0;
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
      cpu_info: '?',
    };
  }

  async spawn(
    instance: Instance,
    image: ImageMeta | null,
    opts: { adminPass?: string | null; configDrive?: Uint8Array },
  ): Promise<void> {
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
      config_drive: opts.configDrive ?? null,
    };
    this.#guests.set(instance.uuid, building);
    await new Promise((resolve) => setTimeout(resolve, this.#opts.spawnDelayMs ?? 0));
    if (this.#guests.get(instance.uuid) !== building) throw new InstanceNotFound(instance.uuid);
    const failure = this.#injectedFailure(instance);
    if (failure !== null) {
      this.#guests.delete(instance.uuid);
      throw new BuildFailed(failure);
    }
    this.#guests.set(instance.uuid, { ...building, state: PowerState.RUNNING });
  }

  async destroy(instance: Instance): Promise<void> {
    this.#guests.delete(instance.uuid);
  }

  async reboot(instance: Instance, _type: 'SOFT' | 'HARD'): Promise<void> {
    this.#setState(instance.uuid, PowerState.RUNNING);
  }

  async powerOff(instance: Instance): Promise<void> {
    this.#setState(instance.uuid, PowerState.SHUTDOWN);
  }

  async powerOn(instance: Instance): Promise<void> {
    this.#setState(instance.uuid, PowerState.RUNNING);
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
    this.#guests.set(uuid, { ...this.#guest(uuid), state });
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
