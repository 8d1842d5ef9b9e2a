/**
 * Nova's VMwareVCDriver (`compute_driver = vmwareapi.VMwareVCDriver`): one
 * nova-compute manages one vCenter cluster, reported as one node named
 * `<cluster moref>.<vCenter uuid>` as Nova names it. Guests are VMs named
 * after the instance uuid, created with CreateVM_Task from the flavor and
 * found again through SearchIndex by their instance uuid, so a restarted
 * compute service (init) picks its guests up from vCenter itself.
 *
 * Tested against vcsim (govmomi's vCenter simulator), not a real vCenter.
 */
import {
  Conflict,
  type Flavor,
  HypervisorOperationFailed,
  HypervisorUnavailable,
  type ImageMeta,
  type Instance,
  type InstanceDiagnostics,
  type InstanceInfo,
  InstanceInvalidState,
  type NodeResources,
  PowerState,
  type SnapshotData,
  type SpawnOptions,
  type VirtDriver,
  VirtDriverActionUnsupported,
  type VirtDriverCapabilities,
  type VirtualInterface,
  type VolumeConnection,
} from '@novats/core';
import { children, childText, type MoRef, text, toMoRef, xsiType } from './soap-xml.js';
import { VimClient } from './vim-client.js';
import { isVimFault } from './vim-errors.js';
import { createSpec, NOVA_EXTENSION_KEY, nicSpec, resizeSpec } from './vm-config-spec.js';
import { VMWARE_CAPABILITIES } from './vmware-capabilities.js';
import {
  clusterStats,
  defaultNetworkName,
  findCluster,
  usableDatastores,
  type VMwareCluster,
} from './vmware-cluster.js';
import {
  checkVMwareOptions,
  VMWARE_DRIVER_NAME,
  type VMwareDriverOptions,
  vCenterUrl,
} from './vmware-config.js';
import { POWER_STATES, VmLocator, VmNotFound } from './vmware-vm.js';

/** Nova's `utils.convert_version_to_int`: 6.5.0 → 6005000. */
function versionToInt(version: string): number {
  return version
    .split('.')
    .slice(0, 3)
    .reduce((n, part) => n * 1000 + (Number.parseInt(part, 10) || 0), 0);
}

export class VMwareVCDriver implements VirtDriver {
  readonly capabilities: VirtDriverCapabilities = VMWARE_CAPABILITIES;
  readonly #opts: VMwareDriverOptions;
  readonly #regex: RegExp | null;
  #host = '';
  #client: VimClient | null = null;
  #cluster: VMwareCluster | null = null;
  #vms: VmLocator | null = null;
  #nodename = '';
  #version = 0;

  constructor(opts: VMwareDriverOptions) {
    checkVMwareOptions(opts);
    this.#opts = opts;
    this.#regex = opts.datastore_regex ? new RegExp(opts.datastore_regex) : null;
  }

  /**
   * Logs in to vCenter (retrying `api_retry_count` times with a doubling
   * pause when it is unreachable, then rejecting with one clear line) and
   * finds the cluster.
   */
  async init(host: string): Promise<void> {
    this.#host = host;
    await this.close();
    const attempts = Math.max(1, this.#opts.api_retry_count ?? 10);
    let pause = (this.#opts.retry_interval ?? 1) * 1000;
    for (let attempt = 1; ; attempt++) {
      const client = new VimClient({
        url: vCenterUrl(this.#opts),
        username: this.#opts.host_username ?? '',
        password: this.#opts.host_password ?? '',
        insecure: this.#opts.insecure ?? false,
        host,
      });
      try {
        await client.login();
        this.#client = client;
        break;
      } catch (err) {
        await client.logout().catch(() => {});
        if (!(err instanceof HypervisorUnavailable) || attempt >= attempts) throw err;
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 30_000);
      }
    }
    this.#vms = new VmLocator(this.#client);
    this.#cluster = await findCluster(this.#client, this.#opts.cluster_name ?? '');
    this.#nodename = `${this.#cluster.ref.value}.${this.#client.content.about.instanceUuid}`;
    this.#version = versionToInt(this.#client.content.about.fullName.match(/\d+\.\d+(\.\d+)?/)?.[0] ?? '0');
  }

  /** Logs out of vCenter (tests; nova-compute keeps its session for its lifetime). */
  async close(): Promise<void> {
    await this.#client?.logout();
    this.#client = null;
  }

  async getAvailableNodes(): Promise<string[]> {
    this.#ready();
    return [this.#nodename];
  }

  async getNodeResources(nodename: string): Promise<NodeResources> {
    const { client, cluster } = this.#ready();
    const stats = await clusterStats(client, cluster, this.#regex);
    return {
      hypervisor_hostname: nodename,
      hypervisor_type: 'VMware vCenter Server',
      hypervisor_version: this.#version,
      vcpus: stats.vcpus,
      memory_mb: stats.memory_mb,
      local_gb: stats.local_gb,
      host_ip: this.#opts.host_ip ?? new URL(vCenterUrl(this.#opts)).hostname,
      cpu_info: JSON.stringify({
        vendor: [],
        model: [stats.cpu_model],
        topology: {},
        features: stats.cpu_traits,
      }),
      cpu_traits: stats.cpu_traits,
    };
  }

  async spawn(instance: Instance, image: ImageMeta | null, opts: SpawnOptions): Promise<void> {
    const { client, cluster, vms } = this.#ready();
    if (await vms.find(instance.uuid)) {
      throw new Conflict(`Instance ${instance.uuid} already exists on host ${this.#host}.`);
    }
    const [datastore] = await usableDatastores(client, cluster, this.#regex);
    if (!datastore) {
      throw new HypervisorOperationFailed(
        `No datastore of cluster ${cluster.name} is usable${this.#regex ? ` and matches ${this.#regex.source}` : ''}.`,
        'DatastoreNotFound',
      );
    }
    const vifs = opts.networkInfo ?? [];
    const networkName = vifs.length > 0 ? await defaultNetworkName(client, cluster) : null;
    const config = createSpec({ instance, image, datastoreName: datastore.name, networkName, vifs });
    const vm = toMoRef(
      await client.runTask('CreateVM_Task', cluster.vmFolder, { config, pool: cluster.resourcePool }),
    );
    if (!vm) throw new HypervisorOperationFailed('CreateVM_Task returned no VM', 'SystemError');
    try {
      await client.runTask('PowerOnVM_Task', vm);
    } catch (err) {
      // NOTE(clean): a spawn that fails leaves nothing behind in vCenter.
      await client.runTask('Destroy_Task', vm).catch(() => {});
      throw err;
    }
  }

  async destroy(instance: Instance): Promise<void> {
    const { client, vms } = this.#ready();
    const vm = await vms.find(instance.uuid);
    if (!vm) return;
    try {
      const state = await vms.powerState(instance.uuid, vm);
      if (state !== 'poweredOff') await client.runTask('PowerOffVM_Task', vm);
      await client.runTask('Destroy_Task', vm);
    } catch (err) {
      if (err instanceof VmNotFound || isVimFault(err, 'ManagedObjectNotFound')) return;
      throw err;
    }
  }

  /**
   * Soft: RebootGuest when VMware Tools run in the guest, else a reset (as
   * Nova). Hard: ResetVM_Task. A powered-off guest is powered on.
   */
  async reboot(instance: Instance, type: 'SOFT' | 'HARD'): Promise<void> {
    const { client, vms } = this.#ready();
    const vm = await vms.require(instance.uuid);
    const state = await vms.powerState(instance.uuid, vm);
    if (state !== 'poweredOn') {
      await client.runTask('PowerOnVM_Task', vm);
    } else if (type === 'SOFT' && (await this.#toolsRunning(vm))) {
      await client.invoke('RebootGuest', vm);
    } else {
      await client.runTask('ResetVM_Task', vm);
    }
  }

  async powerOff(instance: Instance): Promise<void> {
    const { client, vms } = this.#ready();
    const vm = await vms.require(instance.uuid);
    if ((await vms.powerState(instance.uuid, vm)) === 'poweredOff') return;
    await client.runTask('PowerOffVM_Task', vm);
  }

  async powerOn(instance: Instance): Promise<void> {
    const { client, vms } = this.#ready();
    const vm = await vms.require(instance.uuid);
    if ((await vms.powerState(instance.uuid, vm)) === 'poweredOn') return;
    await client.runTask('PowerOnVM_Task', vm);
  }

  async pause(_instance: Instance): Promise<void> {
    throw this.#unsupported('supports_pause');
  }

  async unpause(_instance: Instance): Promise<void> {
    throw this.#unsupported('supports_pause');
  }

  async suspend(instance: Instance): Promise<void> {
    const vm = await this.#inState(instance, 'suspend', 'poweredOn');
    await this.#ready().client.runTask('SuspendVM_Task', vm);
  }

  async resume(instance: Instance): Promise<void> {
    const vm = await this.#inState(instance, 'resume', 'suspended');
    await this.#ready().client.runTask('PowerOnVM_Task', vm);
  }

  async rescue(_instance: Instance, _image: ImageMeta | null, _password: string | null): Promise<void> {
    throw this.#unsupported('supports_rescue');
  }

  async unrescue(_instance: Instance): Promise<void> {
    throw this.#unsupported('supports_rescue');
  }

  async snapshot(_instance: Instance, _imageId: string): Promise<SnapshotData> {
    throw this.#unsupported('supports_snapshot');
  }

  /** The VM stays in vCenter: the source only powers it off (Nova's `migrate_disk_and_power_off`). */
  async migrateDiskAndPowerOff(instance: Instance, _destHost: string, _newFlavor: Flavor): Promise<void> {
    await this.powerOff(instance);
  }

  /** Moves the VM into this cluster's resource pool when it came from another, then resizes it. */
  async finishMigration(
    instance: Instance,
    newFlavor: Flavor,
    _image: ImageMeta | null,
    powerOn: boolean,
  ): Promise<void> {
    await this.#resizeHere(instance, newFlavor, powerOn);
  }

  async confirmMigration(_instance: Instance): Promise<void> {
    // NOTE(vcenter): one VM in one vCenter: nothing was kept on the source to drop.
  }

  async finishRevertMigration(instance: Instance, oldFlavor: Flavor, powerOn: boolean): Promise<void> {
    await this.#resizeHere(instance, oldFlavor, powerOn);
  }

  async checkCanLiveMigrateDestination(_instance: Instance, _sourceHost: string): Promise<void> {
    throw this.#unsupported('supports_live_migration');
  }

  async preLiveMigration(_instance: Instance): Promise<void> {
    throw this.#unsupported('supports_live_migration');
  }

  async liveMigration(_instance: Instance, _destHost: string): Promise<void> {
    throw this.#unsupported('supports_live_migration');
  }

  async postLiveMigrationAtDestination(_instance: Instance): Promise<void> {
    throw this.#unsupported('supports_live_migration');
  }

  async rollbackLiveMigrationAtDestination(_instance: Instance): Promise<void> {
    throw this.#unsupported('supports_live_migration');
  }

  async getConsoleOutput(_instance: Instance): Promise<string> {
    throw this.#unsupported('supports_console_output');
  }

  async setAdminPassword(_instance: Instance, _password: string): Promise<void> {
    throw this.#unsupported('supports_set_admin_password');
  }

  async triggerCrashDump(_instance: Instance): Promise<void> {
    throw this.#unsupported('supports_trigger_crash_dump');
  }

  async getDiagnostics(instance: Instance): Promise<InstanceDiagnostics> {
    const { client, vms } = this.#ready();
    const vm = await vms.require(instance.uuid);
    const props = await client.propertiesOf(vm, [
      'runtime.powerState',
      'config.hardware',
      'summary.quickStats',
      'config.version',
    ]);
    const hw = props.get('config.hardware');
    const devices = children(hw, 'device');
    const nics = devices.filter((d) => childText(d, 'macAddress') !== undefined);
    const disks = devices.filter((d) => xsiType(d) === 'VirtualDisk');
    const cpus = Number(childText(hw, 'numCPU') ?? 0);
    const stats = props.get('summary.quickStats');
    const states: Record<string, string> = {
      poweredOn: 'running',
      poweredOff: 'shutdown',
      suspended: 'suspended',
    };
    return {
      state: states[text(props.get('runtime.powerState'))] ?? 'pending',
      driver: 'vmwareapi',
      hypervisor: 'vmware',
      hypervisor_os: 'esxi',
      uptime: stats ? Number(childText(stats, 'uptimeSeconds') ?? 0) : null,
      config_drive: false,
      num_cpus: cpus,
      num_nics: nics.length,
      num_disks: disks.length,
      memory_details: {
        maximum: Number(childText(hw, 'memoryMB') ?? 0),
        used: Number(childText(stats, 'guestMemoryUsage') ?? 0),
      },
      cpu_details: Array.from({ length: cpus }, (_, id) => ({ id, time: 0, utilisation: null })),
      nic_details: nics.map((n) => ({ mac_address: childText(n, 'macAddress') ?? '' })),
      disk_details: disks.map(() => ({ read_bytes: 0, write_bytes: 0 })),
    };
  }

  async attachVolume(_instance: Instance, _connection: VolumeConnection, _mountpoint: string): Promise<void> {
    throw this.#unsupported('supports_attach_volume');
  }

  async detachVolume(_instance: Instance, _volumeId: string): Promise<void> {
    throw this.#unsupported('supports_attach_volume');
  }

  async attachInterface(instance: Instance, vif: VirtualInterface): Promise<void> {
    const { client, cluster, vms } = this.#ready();
    const vm = await vms.require(instance.uuid);
    const network = await defaultNetworkName(client, cluster);
    if (!network) {
      throw new HypervisorOperationFailed(`Cluster ${cluster.name} has no network for a NIC.`, 'NotFound');
    }
    await client.runTask('ReconfigVM_Task', vm, { spec: { deviceChange: [nicSpec(vif, network, -1)] } });
  }

  async detachInterface(instance: Instance, portId: string): Promise<void> {
    const { client, vms } = this.#ready();
    const vm = await vms.require(instance.uuid);
    const devices = children(
      (await client.propertiesOf(vm, ['config.hardware'])).get('config.hardware'),
      'device',
    );
    const nic = devices.find((d) => childText(d, 'externalId') === portId);
    if (!nic) return;
    const device = { $type: xsiType(nic) ?? 'VirtualEthernetCard', key: Number(childText(nic, 'key')) };
    await client.runTask('ReconfigVM_Task', vm, {
      spec: { deviceChange: [{ operation: 'remove', device }] },
    });
  }

  async getInfo(instance: Instance): Promise<InstanceInfo> {
    const { vms } = this.#ready();
    const vm = await vms.require(instance.uuid);
    return { state: POWER_STATES[await vms.powerState(instance.uuid, vm)] ?? PowerState.NOSTATE };
  }

  /** Instance uuids of the VMs in this cluster that Nova manages (`managedBy` = org.openstack.compute). */
  async listInstanceUuids(): Promise<string[]> {
    const { client, cluster } = this.#ready();
    const found = await client.objectsOfType(
      'VirtualMachine',
      ['config.instanceUuid', 'config.managedBy'],
      cluster.resourcePool,
    );
    return [...found.values()]
      .filter((p) => childText(p.get('config.managedBy'), 'extensionKey') === NOVA_EXTENSION_KEY)
      .map((p) => text(p.get('config.instanceUuid')));
  }

  async #resizeHere(instance: Instance, flavor: Flavor, powerOn: boolean): Promise<void> {
    const { client, cluster, vms } = this.#ready();
    const vm = await vms.require(instance.uuid);
    const pool = toMoRef((await client.propertiesOf(vm, ['resourcePool'])).get('resourcePool'));
    if (pool && pool.value !== cluster.resourcePool.value) {
      await client.runTask('RelocateVM_Task', vm, { spec: { pool: cluster.resourcePool } });
    }
    if ((await vms.powerState(instance.uuid, vm)) !== 'poweredOff')
      await client.runTask('PowerOffVM_Task', vm);
    await client.runTask('ReconfigVM_Task', vm, { spec: resizeSpec(flavor) });
    if (powerOn) await client.runTask('PowerOnVM_Task', vm);
  }

  async #toolsRunning(vm: MoRef): Promise<boolean> {
    const props = await this.#ready().client.propertiesOf(vm, ['guest.toolsRunningStatus']);
    return text(props.get('guest.toolsRunningStatus')) === 'guestToolsRunning';
  }

  /** The VM, when its power state is `allowed`; InstanceInvalidState otherwise (as vSphere's InvalidPowerState). */
  async #inState(instance: Instance, action: string, allowed: string): Promise<MoRef> {
    const { vms } = this.#ready();
    const vm = await vms.require(instance.uuid);
    const state = await vms.powerState(instance.uuid, vm);
    if (state !== allowed) throw new InstanceInvalidState(action, instance.uuid, 'power_state', state);
    return vm;
  }

  #unsupported(action: keyof VirtDriverCapabilities): VirtDriverActionUnsupported {
    return new VirtDriverActionUnsupported(action, VMWARE_DRIVER_NAME);
  }

  #ready(): { client: VimClient; cluster: VMwareCluster; vms: VmLocator } {
    if (!this.#client || !this.#cluster || !this.#vms) {
      throw new HypervisorUnavailable(this.#host || 'unknown', 'the VMware driver was not initialised');
    }
    return { client: this.#client, cluster: this.#cluster, vms: this.#vms };
  }
}
