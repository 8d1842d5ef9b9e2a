/**
 * Nova's LibvirtDriver (`compute_driver = libvirt.LibvirtDriver`): guests are
 * libvirt domains defined from the instance, driven through libvirtd's own
 * RPC protocol. A domain libvirt does not know is InstanceNotFound; any
 * other libvirt failure surfaces as LibvirtError carrying libvirt's message,
 * which the compute manager records as the instance fault.
 */
import { mkdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Flavor,
  type ImageMeta,
  type Instance,
  type InstanceDiagnostics,
  type InstanceInfo,
  InstanceInvalidState,
  InstanceNotFound,
  InvalidInput,
  type NodeResources,
  PowerState,
  type SnapshotData,
  type SpawnOptions,
  type VirtDriver,
  type VirtDriverAction,
  VirtDriverActionUnsupported,
  type VirtDriverCapabilities,
  type VirtualInterface,
  type VolumeConnection,
} from '@novats/core';
import { modelFeatures } from './cpu-map.js';
import {
  buildDomainXml,
  countDevices,
  diskXml,
  domainName,
  graphicsPort,
  interfaceXml,
} from './domain-xml.js';
import { GuestFiles } from './guest-files.js';
import { cpuInfoJson, cpuTraits, type HostCapabilities, parseCapabilities } from './host-capabilities.js';
import { ImageCache, qemuImg } from './image-cache.js';
import { LIBVIRT_CAPABILITIES } from './libvirt-capabilities.js';
import { LibvirtClient } from './libvirt-client.js';
import {
  type LibvirtDriverOptions,
  type ResolvedLibvirtOptions,
  resolveLibvirtOptions,
  type SpawnTimings,
} from './libvirt-config.js';
import { HypervisorUnavailable, isLibvirtError, VirErrorCode } from './libvirt-errors.js';
import { writeQcow2 } from './qcow2-image.js';
import {
  DeviceModifyFlags,
  DomainState,
  type RemoteDomain,
  UndefineFlags,
  uuidFromBytes,
} from './remote-protocol.js';

/** libvirt's domain states as Nova's power states (nova/virt/libvirt/guest.py LIBVIRT_POWER_STATE). */
const POWER_STATES: Readonly<Record<number, PowerState>> = {
  [DomainState.NOSTATE]: PowerState.NOSTATE,
  [DomainState.RUNNING]: PowerState.RUNNING,
  [DomainState.BLOCKED]: PowerState.RUNNING,
  [DomainState.PAUSED]: PowerState.PAUSED,
  [DomainState.SHUTDOWN]: PowerState.SHUTDOWN,
  [DomainState.SHUTOFF]: PowerState.SHUTDOWN,
  [DomainState.CRASHED]: PowerState.CRASHED,
  [DomainState.PMSUSPENDED]: PowerState.SUSPENDED,
};

/** The console address a VNC or SPICE proxy connects to (the console facet's ConsoleConnectInfo). */
export interface LibvirtConsole {
  readonly host: string;
  readonly port: number;
  readonly internal_access_path: null;
}

export class LibvirtDriver implements VirtDriver {
  #driverCapabilities: VirtDriverCapabilities = LIBVIRT_CAPABILITIES;
  readonly #opts: ResolvedLibvirtOptions;
  readonly #files: GuestFiles;
  #client: LibvirtClient | null = null;
  #connecting: Promise<LibvirtClient> | null = null;
  #host = '';
  #caps: HostCapabilities | null = null;
  #spawnObserver: ((timings: SpawnTimings) => void) | null;

  constructor(opts: LibvirtDriverOptions) {
    this.#opts = resolveLibvirtOptions(opts);
    this.#spawnObserver = this.#opts.onSpawnTimings;
    const cache = this.#opts.fetchImage
      ? new ImageCache(join(this.#opts.instancesPath, '_base'), this.#opts.fetchImage)
      : null;
    this.#files = new GuestFiles(this.#opts.instancesPath, cache);
  }

  /** Nova's init_host: connect (retrying with backoff), read the host, create instances_path. */
  async init(host: string): Promise<void> {
    this.#host = host;
    await mkdir(this.#opts.instancesPath, { recursive: true });
    const client = await this.#connectWithRetry();
    this.#caps = parseCapabilities(await client.getCapabilities());
    if ((await client.getType()) === 'TEST') {
      // NOTE(test-driver): libvirt's test hypervisor has no device hotplug, so it says so.
      this.#driverCapabilities = {
        ...LIBVIRT_CAPABILITIES,
        supports_attach_interface: false,
        supports_attach_volume: false,
      };
    }
  }

  /** LIBVIRT_CAPABILITIES, less what the connected hypervisor lacks (known after `init`). */
  get capabilities(): VirtDriverCapabilities {
    return this.#driverCapabilities;
  }

  /** Replaces the `onSpawnTimings` observer (a benchmark watching a running compute host). */
  observeSpawnTimings(observer: ((timings: SpawnTimings) => void) | null): void {
    this.#spawnObserver = observer;
  }

  /** Closes the connection to libvirtd (the driver reconnects on its next call). */
  async close(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    await client?.close();
  }

  async getAvailableNodes(): Promise<string[]> {
    return [await (await this.#conn()).getHostname()];
  }

  async getNodeResources(nodename: string): Promise<NodeResources> {
    const conn = await this.#conn();
    const [hostname, node, type, version] = await Promise.all([
      conn.getHostname(),
      conn.nodeGetInfo(),
      conn.getType(),
      conn.getVersion(),
    ]);
    const caps = await this.#capabilities();
    const disk = await statfs(this.#opts.instancesPath);
    return {
      hypervisor_hostname: nodename === hostname ? hostname : nodename,
      hypervisor_type: type,
      hypervisor_version: version,
      vcpus: node.cpus,
      memory_mb: Number(node.memory / 1024n),
      local_gb: Math.floor((disk.blocks * disk.bsize) / 1024 ** 3),
      host_ip: '127.0.0.1',
      cpu_info: cpuInfoJson(caps.cpu),
      cpu_traits: cpuTraits(caps.cpu, caps.cpu.model ? await modelFeatures(caps.cpu.model) : []),
    };
  }

  async spawn(instance: Instance, image: ImageMeta | null, opts: SpawnOptions): Promise<void> {
    const conn = await this.#conn();
    try {
      const started = performance.now();
      const boot = await this.#files.prepare(instance, image);
      const xml = await this.#domainXml(instance, instance.flavor, image, boot, opts.networkInfo ?? []);
      const prepared = performance.now();
      const dom = await conn.defineXml(xml);
      const defined = performance.now();
      await conn.create(dom);
      this.#spawnObserver?.({
        prepareMs: prepared - started,
        defineMs: defined - prepared,
        createMs: performance.now() - defined,
      });
    } catch (err) {
      // NOTE(clean): a failed spawn leaves neither a domain nor files behind, so a reschedule starts clean.
      await this.destroy(instance).catch(() => {});
      throw err;
    }
  }

  async destroy(instance: Instance): Promise<void> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance).catch((err) => {
      if ((err as { code?: string }).code === 'compute.instance.not_found') return null;
      throw err;
    });
    if (dom) {
      await this.#ignoring(VirErrorCode.OPERATION_INVALID, () => conn.destroy(dom));
      await this.#ignoring(VirErrorCode.NO_DOMAIN, () =>
        conn.undefine(dom, UndefineFlags.MANAGED_SAVE | UndefineFlags.SNAPSHOTS_METADATA),
      );
    }
    await this.#files.remove(instance);
  }

  async reboot(instance: Instance, type: 'SOFT' | 'HARD'): Promise<void> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance);
    if (type === 'SOFT' && (await this.#state(dom)) === DomainState.RUNNING) {
      // Nova's _soft_reboot: a clean shutdown, then start again; a guest that ignores ACPI gets a hard reboot.
      await conn.shutdown(dom);
      if (await this.#waitForShutoff(dom, this.#opts.shutdownTimeout)) {
        await conn.create(dom);
        return;
      }
    }
    await this.#ignoring(VirErrorCode.OPERATION_INVALID, () => conn.destroy(dom));
    if (await conn.hasManagedSaveImage(dom)) await conn.managedSaveRemove(dom);
    await conn.create(dom);
  }

  async powerOff(instance: Instance): Promise<void> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance);
    const state = await this.#state(dom);
    if (state === DomainState.SHUTOFF) return;
    if (state === DomainState.RUNNING && this.#opts.shutdownTimeout > 0) {
      await this.#ignoring(VirErrorCode.OPERATION_INVALID, () => conn.shutdown(dom));
      if (await this.#waitForShutoff(dom, this.#opts.shutdownTimeout)) return;
    }
    await this.#ignoring(VirErrorCode.OPERATION_INVALID, () => conn.destroy(dom));
  }

  async powerOn(instance: Instance): Promise<void> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance);
    const state = await this.#state(dom);
    if (state === DomainState.PAUSED) await conn.resume(dom);
    else if (state !== DomainState.RUNNING && state !== DomainState.BLOCKED) await conn.create(dom);
  }

  async pause(instance: Instance): Promise<void> {
    const dom = await this.#lookup(instance);
    await this.#expect(instance, dom, 'pause', DomainState.RUNNING, DomainState.BLOCKED);
    await (await this.#conn()).suspend(dom);
  }

  async unpause(instance: Instance): Promise<void> {
    const dom = await this.#lookup(instance);
    await this.#expect(instance, dom, 'unpause', DomainState.PAUSED);
    await (await this.#conn()).resume(dom);
  }

  /** Nova's suspend: the guest's memory is saved to disk (managed save) and the domain stops. */
  async suspend(instance: Instance): Promise<void> {
    const dom = await this.#lookup(instance);
    await this.#expect(
      instance,
      dom,
      'suspend',
      DomainState.RUNNING,
      DomainState.BLOCKED,
      DomainState.PAUSED,
    );
    await (await this.#conn()).managedSave(dom);
  }

  async resume(instance: Instance): Promise<void> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance);
    if ((await this.#state(dom)) !== DomainState.SHUTOFF || !(await conn.hasManagedSaveImage(dom))) {
      throw new InstanceInvalidState('resume', instance.uuid, 'power_state', String(await this.#power(dom)));
    }
    await conn.create(dom);
  }

  /**
   * Nova's rescue: the definition is kept in `unrescue.xml`, and the guest is
   * redefined to boot a fresh disk of the rescue image (or of its own image)
   * with its own disk attached second.
   */
  async rescue(
    instance: Instance,
    rescueImage: ImageMeta | null,
    _rescuePassword: string | null,
  ): Promise<void> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance);
    const dir = this.#files.dir(instance);
    await writeFile(join(dir, 'unrescue.xml'), await conn.getXmlDesc(dom, 2 /* VIR_DOMAIN_XML_INACTIVE */));
    await this.#ignoring(VirErrorCode.OPERATION_INVALID, () => conn.destroy(dom));
    const boot = await this.#files.prepare(instance, rescueImage, 'disk.rescue');
    boot.disks.push({ path: join(dir, 'disk'), format: 'qcow2', target: 'vdb' });
    await conn.defineXml(await this.#domainXml(instance, instance.flavor, rescueImage, boot, []));
    await conn.create(dom);
  }

  async unrescue(instance: Instance): Promise<void> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance);
    const dir = this.#files.dir(instance);
    const xml = await readFile(join(dir, 'unrescue.xml'), 'utf8').catch(() => null);
    if (xml === null) throw new InstanceInvalidState('unrescue', instance.uuid, 'vm_state', 'not rescued');
    await this.#ignoring(VirErrorCode.OPERATION_INVALID, () => conn.destroy(dom));
    await conn.defineXml(xml);
    await conn.create(dom);
    for (const name of ['unrescue.xml', 'disk.rescue', 'kernel.rescue', 'ramdisk.rescue']) {
      await rm(join(dir, name), { force: true });
    }
  }

  /**
   * The root disk flattened into a standalone qcow2 image. A running guest is
   * paused while qemu-img reads its disk (Nova's cold snapshot without the
   * shutdown: the overlay is consistent while the vCPUs are stopped).
   */
  async snapshot(instance: Instance, imageId: string): Promise<SnapshotData> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance);
    const dir = this.#files.dir(instance);
    const out = join(dir, `snapshot-${imageId}.qcow2`);
    const wasRunning = (await this.#state(dom)) === DomainState.RUNNING;
    if (wasRunning) await conn.suspend(dom);
    try {
      await qemuImg.convert(join(dir, 'disk'), out, 'qcow2');
    } finally {
      if (wasRunning) await conn.resume(dom);
    }
    return {
      disk_format: 'qcow2',
      container_format: 'bare',
      chunks: (async function* () {
        const { createReadStream } = await import('node:fs');
        try {
          for await (const chunk of createReadStream(out)) yield chunk as Uint8Array;
        } finally {
          await rm(out, { force: true });
        }
      })(),
    };
  }

  async migrateDiskAndPowerOff(instance: Instance, _destHost: string, _newFlavor: Flavor): Promise<void> {
    this.#unsupported(instance, 'supports_resize');
  }

  async finishMigration(instance: Instance, _f: Flavor, _i: ImageMeta | null, _p: boolean): Promise<void> {
    this.#unsupported(instance, 'supports_resize');
  }

  async confirmMigration(instance: Instance): Promise<void> {
    this.#unsupported(instance, 'supports_resize');
  }

  async finishRevertMigration(instance: Instance, _oldFlavor: Flavor, _powerOn: boolean): Promise<void> {
    this.#unsupported(instance, 'supports_resize');
  }

  async checkCanLiveMigrateDestination(instance: Instance, _sourceHost: string): Promise<void> {
    this.#unsupported(instance, 'supports_live_migration');
  }

  async preLiveMigration(instance: Instance): Promise<void> {
    this.#unsupported(instance, 'supports_live_migration');
  }

  async liveMigration(instance: Instance, _destHost: string): Promise<void> {
    this.#unsupported(instance, 'supports_live_migration');
  }

  async postLiveMigrationAtDestination(instance: Instance): Promise<void> {
    this.#unsupported(instance, 'supports_live_migration');
  }

  async rollbackLiveMigrationAtDestination(instance: Instance): Promise<void> {
    this.#unsupported(instance, 'supports_live_migration');
  }

  async getConsoleOutput(instance: Instance): Promise<string> {
    await this.#lookup(instance);
    return this.#files.consoleOutput(instance);
  }

  /** Through the QEMU guest agent, present when the image sets `hw_qemu_guest_agent = yes`. */
  async setAdminPassword(instance: Instance, password: string): Promise<void> {
    const dom = await this.#lookup(instance);
    await this.#expect(instance, dom, 'set admin password', DomainState.RUNNING);
    await (await this.#conn()).setUserPassword(dom, 'root', password);
  }

  async triggerCrashDump(instance: Instance): Promise<void> {
    const dom = await this.#lookup(instance);
    await this.#expect(instance, dom, 'trigger crash dump', DomainState.RUNNING);
    await (await this.#conn()).injectNmi(dom);
  }

  async getDiagnostics(instance: Instance): Promise<InstanceDiagnostics> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance);
    const [info, xml] = await Promise.all([conn.getInfo(dom), conn.getXmlDesc(dom)]);
    const devices = countDevices(xml);
    const names: Record<number, string> = {
      1: 'running',
      2: 'blocked',
      3: 'paused',
      4: 'shutdown',
      5: 'shutdown',
      6: 'crashed',
      7: 'suspended',
    };
    return {
      state: names[info.state] ?? 'pending',
      driver: 'libvirt',
      hypervisor: this.#opts.virtType,
      hypervisor_os: 'linux',
      uptime: null,
      config_drive: false,
      num_cpus: info.nrVirtCpu,
      num_nics: devices.nics,
      num_disks: devices.disks,
      memory_details: { maximum: Number(info.maxMem / 1024n), used: Number(info.memory / 1024n) },
      cpu_details: [{ id: 0, time: Number(info.cpuTime), utilisation: null }],
      nic_details: devices.macs.map((mac_address) => ({ mac_address })),
      disk_details: Array.from({ length: devices.disks }, () => ({ read_bytes: 0, write_bytes: 0 })),
    };
  }

  /**
   * Attaches a file-backed volume (`data.device_path`), or for the fake volume
   * service (`driver_volume_type` fake) a sparse 1 GiB qcow2 in the instance directory.
   */
  async attachVolume(instance: Instance, connection: VolumeConnection, mountpoint: string): Promise<void> {
    this.#supported('supports_attach_volume');
    const target = mountpoint.replace(/^\/dev\//, '');
    if (connection.driver_volume_type === 'fake') {
      const path = join(this.#files.dir(instance), `volume-${connection.volume_id}.qcow2`);
      await writeQcow2(path, { size: 1024 ** 3 });
      await this.#modifyDevice(instance, diskXml({ path, format: 'qcow2', target }), 'attach');
      return;
    }
    const path = connection.data.device_path;
    if (typeof path !== 'string') {
      throw new InvalidInput(
        `Volume ${connection.volume_id} of type ${connection.driver_volume_type} has no device_path the libvirt driver can attach.`,
      );
    }
    await this.#modifyDevice(
      instance,
      diskXml({ path, format: String(connection.data.format ?? 'raw'), target }),
      'attach',
    );
  }

  async detachVolume(instance: Instance, volumeId: string): Promise<void> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance);
    const xml = await conn.getXmlDesc(dom);
    const disk = [...xml.matchAll(/<disk\s[\s\S]*?<\/disk>/g)]
      .map((m) => m[0])
      .find((d) => d.includes(volumeId));
    if (!disk) return;
    await this.#modifyDevice(instance, disk, 'detach');
  }

  async attachInterface(instance: Instance, vif: VirtualInterface): Promise<void> {
    this.#supported('supports_attach_interface');
    await this.#modifyDevice(instance, interfaceXml(vif), 'attach');
  }

  async detachInterface(instance: Instance, portId: string): Promise<void> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance);
    const xml = await conn.getXmlDesc(dom);
    const nic = [...xml.matchAll(/<interface\s[\s\S]*?<\/interface>/g)]
      .map((m) => m[0])
      .find((n) => n.includes(portId));
    if (!nic) return;
    await this.#modifyDevice(instance, nic, 'detach');
  }

  async getInfo(instance: Instance): Promise<InstanceInfo> {
    return { state: await this.#power(await this.#lookup(instance)) };
  }

  async listInstanceUuids(): Promise<string[]> {
    const domains = await (await this.#conn()).listAllDomains();
    // NOTE(ownership): only domains Novats named are ours; an operator's other guests are left alone.
    return domains.filter((d) => d.name.startsWith('instance-')).map((d) => uuidFromBytes(d.uuid));
  }

  /** The guest's VNC server, for the console proxy (Nova's get_vnc_console). */
  async getVncConsole(instance: Instance): Promise<LibvirtConsole> {
    return this.#graphics(instance, 'vnc');
  }

  /** The guest's SPICE server (Nova's get_spice_console). */
  async getSpiceConsole(instance: Instance): Promise<LibvirtConsole & { tls_port: null }> {
    return { ...(await this.#graphics(instance, 'spice')), tls_port: null };
  }

  /** The domain's name in libvirt, e.g. for an operator's `virsh` session. */
  domainName(instance: Pick<Instance, 'uuid'>): string {
    return domainName(instance);
  }

  async #graphics(instance: Instance, type: 'vnc' | 'spice'): Promise<LibvirtConsole> {
    const dom = await this.#lookup(instance);
    const port = graphicsPort(await (await this.#conn()).getXmlDesc(dom), type);
    if (!port) {
      throw new InstanceInvalidState(
        `get ${type} console`,
        instance.uuid,
        'power_state',
        String(await this.#power(dom)),
      );
    }
    return { host: port.listen, port: port.port, internal_access_path: null };
  }

  async #modifyDevice(instance: Instance, xml: string, how: 'attach' | 'detach'): Promise<void> {
    const conn = await this.#conn();
    const dom = await this.#lookup(instance);
    const state = await this.#state(dom);
    const live = state === DomainState.RUNNING || state === DomainState.PAUSED;
    const flags = DeviceModifyFlags.CONFIG | (live ? DeviceModifyFlags.LIVE : 0);
    if (how === 'attach') await conn.attachDevice(dom, xml, flags);
    else await conn.detachDevice(dom, xml, flags);
  }

  async #domainXml(
    instance: Instance,
    flavor: Flavor,
    image: ImageMeta | null,
    boot: Awaited<ReturnType<GuestFiles['prepare']>>,
    vifs: readonly VirtualInterface[],
  ): Promise<string> {
    const caps = await this.#capabilities();
    // NOTE(test-driver): libvirt's test driver only accepts its own domain type, so the host's offer decides.
    const domainType = caps.domainTypes.includes(this.#opts.virtType)
      ? this.#opts.virtType
      : (caps.domainTypes[0] ?? this.#opts.virtType);
    return buildDomainXml({
      instance,
      flavor,
      domainType,
      cpuMode: this.#opts.cpuMode,
      cpuModel: this.#opts.cpuModels[0] ?? null,
      kernel: boot.kernel,
      ramdisk: boot.ramdisk,
      cmdline: boot.cmdline,
      disks: boot.disks,
      interfaces: vifs,
      consoleLog: this.#files.consoleLog(instance),
      vncListen: this.#opts.vncListen,
      spiceListen: this.#opts.spiceListen,
      guestAgent: image?.properties.hw_qemu_guest_agent === 'yes',
      imageId: image?.id ?? null,
      packageVersion: 'novats',
      createdAt: new Date(),
    });
  }

  async #lookup(instance: Pick<Instance, 'uuid'>): Promise<RemoteDomain> {
    try {
      return await (await this.#conn()).lookupByUuid(instance.uuid);
    } catch (err) {
      if (isLibvirtError(err, VirErrorCode.NO_DOMAIN)) throw new InstanceNotFound(instance.uuid);
      throw err;
    }
  }

  async #state(dom: RemoteDomain): Promise<number> {
    return (await (await this.#conn()).getState(dom))[0];
  }

  async #power(dom: RemoteDomain): Promise<PowerState> {
    const conn = await this.#conn();
    const state = await this.#state(dom);
    // NOTE(suspend): a managed-saved domain is shut off with its memory on disk: Nova's SUSPENDED.
    if (state === DomainState.SHUTOFF && (await conn.hasManagedSaveImage(dom))) return PowerState.SUSPENDED;
    return POWER_STATES[state] ?? PowerState.NOSTATE;
  }

  async #expect(instance: Instance, dom: RemoteDomain, action: string, ...allowed: number[]): Promise<void> {
    const state = await this.#state(dom);
    if (!allowed.includes(state)) {
      throw new InstanceInvalidState(action, instance.uuid, 'power_state', String(await this.#power(dom)));
    }
  }

  async #waitForShutoff(dom: RemoteDomain, seconds: number): Promise<boolean> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      if ((await this.#state(dom)) === DomainState.SHUTOFF) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async #ignoring(virCode: number, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!isLibvirtError(err, virCode)) throw err;
    }
  }

  #supported(action: VirtDriverAction): void {
    if (!this.#driverCapabilities[action]) throw new VirtDriverActionUnsupported(action, 'libvirt');
  }

  #unsupported(_instance: Instance, action: VirtDriverAction): never {
    throw new VirtDriverActionUnsupported(action, 'libvirt');
  }

  async #capabilities(): Promise<HostCapabilities> {
    this.#caps ??= parseCapabilities(await (await this.#conn()).getCapabilities());
    return this.#caps;
  }

  /** The open connection, reopened once when libvirtd restarted under us. */
  async #conn(): Promise<LibvirtClient> {
    if (this.#client?.isOpen) return this.#client;
    this.#connecting ??= LibvirtClient.connect(this.#opts.connectionUri).finally(() => {
      this.#connecting = null;
    });
    this.#client = await this.#connecting;
    return this.#client;
  }

  async #connectWithRetry(): Promise<LibvirtClient> {
    let delay = this.#opts.connectBackoffMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#conn();
      } catch (err) {
        if (attempt >= this.#opts.connectAttempts) {
          throw new HypervisorUnavailable(
            `Connection to the hypervisor is broken on host ${this.#host}: cannot open ${this.#opts.connectionUri} after ${attempt} attempts: ${(err as Error).message}`,
          );
        }
        this.#opts.log('libvirt connection failed; retrying', {
          uri: this.#opts.connectionUri,
          attempt,
          delayMs: delay,
        });
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      }
    }
  }
}
