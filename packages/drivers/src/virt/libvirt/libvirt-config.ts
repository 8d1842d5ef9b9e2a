/**
 * The libvirt driver's settings, as the composition root reads them from
 * nova.conf: `[libvirt] virt_type`, `connection_uri`, `cpu_mode`,
 * `cpu_models`; `[DEFAULT] instances_path`, `shutdown_timeout`;
 * `[vnc] enabled/server_listen`, `[spice] enabled/server_listen`.
 */
import type { ImageFetcher } from './image-cache.js';
import { defaultConnectionUri } from './libvirt-uri.js';

export interface LibvirtDriverOptions {
  readonly virtType: 'qemu' | 'kvm';
  /** Empty: Nova's default for the virt type (`qemu:///system`). */
  readonly connectionUri?: string;
  readonly instancesPath: string;
  /** Default: `host-model` for kvm, `none` for qemu (TCG has no host CPU to model). */
  readonly cpuMode?: 'none' | 'host-model' | 'host-passthrough' | 'custom';
  readonly cpuModels?: readonly string[];
  /** Seconds a clean shutdown may take before the guest is destroyed (Nova's `shutdown_timeout`). */
  readonly shutdownTimeout?: number;
  /** VNC listen address, null when `[vnc] enabled = false`. */
  readonly vncListen?: string | null;
  /** SPICE listen address, null (the default) when `[spice] enabled = false`. */
  readonly spiceListen?: string | null;
  /** Where image data comes from; spawning from an image fails clearly without one. */
  readonly fetchImage?: ImageFetcher;
  /** Connection attempts at start-up before giving up (Nova retries libvirt too). */
  readonly connectAttempts?: number;
  /** First retry delay in ms, doubled each time. */
  readonly connectBackoffMs?: number;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Called after each spawn with where its time went (benchmarks, metrics). */
  readonly onSpawnTimings?: (timings: SpawnTimings) => void;
}

/** Milliseconds of one spawn: files and disks, DOMAIN_DEFINE_XML, and DOMAIN_CREATE (libvirt starting QEMU). */
export interface SpawnTimings {
  readonly prepareMs: number;
  readonly defineMs: number;
  readonly createMs: number;
}

export interface ResolvedLibvirtOptions
  extends Required<Omit<LibvirtDriverOptions, 'fetchImage' | 'log' | 'onSpawnTimings'>> {
  readonly fetchImage: ImageFetcher | null;
  readonly onSpawnTimings: ((timings: SpawnTimings) => void) | null;
  readonly log: (msg: string, extra?: Record<string, unknown>) => void;
}

export function resolveLibvirtOptions(opts: LibvirtDriverOptions): ResolvedLibvirtOptions {
  return {
    virtType: opts.virtType,
    connectionUri: opts.connectionUri || defaultConnectionUri(opts.virtType),
    instancesPath: opts.instancesPath,
    cpuMode: opts.cpuMode ?? (opts.virtType === 'kvm' ? 'host-model' : 'none'),
    cpuModels: opts.cpuModels ?? [],
    shutdownTimeout: opts.shutdownTimeout ?? 60,
    vncListen: opts.vncListen === undefined ? '127.0.0.1' : opts.vncListen,
    spiceListen: opts.spiceListen ?? null,
    fetchImage: opts.fetchImage ?? null,
    connectAttempts: opts.connectAttempts ?? 3,
    connectBackoffMs: opts.connectBackoffMs ?? 250,
    log: opts.log ?? (() => {}),
    onSpawnTimings: opts.onSpawnTimings ?? null,
  };
}
