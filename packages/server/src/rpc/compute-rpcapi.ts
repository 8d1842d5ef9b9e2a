/** Client side of nova-compute's RPC interface: casts to `compute.<host>`. */
import type {
  Flavor,
  ImageCacheResult,
  ImageMeta,
  Instance,
  InstanceDiagnostics,
  Migration,
  RequestContext,
  RequestSpec,
  Selection,
  Transport,
  VirtDriverCapabilities,
} from '@novats/core';
import { Topic } from './topics.js';

export interface BuildAndRunArgs {
  readonly instance: Instance;
  readonly request_spec: RequestSpec;
  readonly image: ImageMeta | null;
  readonly admin_password: string | null;
  readonly node: string;
  /** Alternates for a reschedule, after the selected host. */
  readonly host_list: readonly Selection[];
}

export interface RebootInstanceArgs {
  readonly instance: Instance;
  readonly reboot_type: 'SOFT' | 'HARD';
}

/** The instance and the rest of an action's arguments, as every action cast carries them. */
export interface InstanceActionArgs {
  readonly instance: Instance;
  readonly [key: string]: unknown;
}

/** A move's arguments between hosts (resize, migrate, live migration, evacuate, unshelve). */
export interface MoveArgs {
  readonly instance: Instance;
  readonly migration: Migration | null;
  readonly flavor: Flavor;
  readonly image: ImageMeta | null;
  readonly dest_host: string;
  readonly dest_node: string;
  readonly admin_password?: string | null;
}

export class ComputeRpcApi {
  readonly #route: (host: string) => Promise<Transport>;

  /** `via`: one transport for every host, or a route to each host's cell transport. */
  constructor(via: Transport | ((host: string) => Promise<Transport>)) {
    this.#route = typeof via === 'function' ? via : async () => via;
  }

  async #cast(ctx: RequestContext, host: string, method: string, args: unknown): Promise<void> {
    const transport = await this.#route(host);
    return transport.cast(ctx, { topic: Topic.COMPUTE, server: host }, method, args);
  }

  buildAndRunInstance(ctx: RequestContext, host: string, args: BuildAndRunArgs): Promise<void> {
    return this.#cast(ctx, host, 'build_and_run_instance', args);
  }

  /** Nova's stop_instance: power the guest off (the API set task_state powering-off). */
  stopInstance(ctx: RequestContext, host: string, instance: Instance): Promise<void> {
    return this.#cast(ctx, host, 'stop_instance', { instance });
  }

  /** Nova's start_instance: power the guest on (the API set task_state powering-on). */
  startInstance(ctx: RequestContext, host: string, instance: Instance): Promise<void> {
    return this.#cast(ctx, host, 'start_instance', { instance });
  }

  /** Nova's reboot_instance; the API set task_state rebooting or rebooting_hard. */
  rebootInstance(ctx: RequestContext, host: string, args: RebootInstanceArgs): Promise<void> {
    return this.#cast(ctx, host, 'reboot_instance', args);
  }

  /**
   * Casts one of the compute manager's instance actions by Nova's method
   * name (`pause_instance`, `rescue_instance`, `shelve_instance`, ...); the
   * API already set the action's task_state.
   */
  castAction(ctx: RequestContext, host: string, method: string, args: InstanceActionArgs): Promise<void> {
    return this.#cast(ctx, host, method, args);
  }

  /** Casts a move step to a host (`resize_instance`, `finish_resize`, `live_migration`, ...). */
  castMove(ctx: RequestContext, host: string, method: string, args: MoveArgs): Promise<void> {
    return this.#cast(ctx, host, method, args);
  }

  /** Calls a host and waits for its answer (`get_console_output`, `pre_live_migration`, ...). */
  async call<T>(
    ctx: RequestContext,
    host: string,
    method: string,
    args: unknown,
    timeoutMs = 60_000,
  ): Promise<T> {
    const transport = await this.#route(host);
    return transport.call<T>(ctx, { topic: Topic.COMPUTE, server: host }, method, args, { timeoutMs });
  }

  /** The host's driver capabilities (the API checks one before it casts an action). */
  driverCapabilities(ctx: RequestContext, host: string): Promise<VirtDriverCapabilities> {
    return this.call(ctx, host, 'get_driver_capabilities', {}, 10_000);
  }

  /** Nova's check_can_live_migrate_destination: the destination's pre-check of a live migration. */
  checkCanLiveMigrateDestination(
    ctx: RequestContext,
    host: string,
    instance: Instance,
    sourceHost: string,
  ): Promise<void> {
    return this.call(ctx, host, 'check_can_live_migrate_destination', { instance, source_host: sourceHost });
  }

  /** Nova's get_console_output: the tail of the guest's console log. */
  getConsoleOutput(
    ctx: RequestContext,
    host: string,
    instance: Instance,
    length: number | null = null,
  ): Promise<string> {
    return this.call(ctx, host, 'get_console_output', { instance, tail_length: length });
  }

  /** Nova's get_instance_diagnostics (2.48 format). */
  getDiagnostics(ctx: RequestContext, host: string, instance: Instance): Promise<InstanceDiagnostics> {
    return this.call(ctx, host, 'get_instance_diagnostics', { instance });
  }

  /** Nova's cache_images: the host caches each image and answers per image (the conductor tallies them). */
  cacheImages(
    ctx: RequestContext,
    host: string,
    imageIds: readonly string[],
  ): Promise<Record<string, ImageCacheResult>> {
    return this.call(ctx, host, 'cache_images', { image_ids: imageIds });
  }

  /** os-migrations force_complete on the migration's source host. */
  liveMigrationForceComplete(ctx: RequestContext, host: string, instance: Instance): Promise<void> {
    return this.#cast(ctx, host, 'live_migration_force_complete', { instance });
  }

  /** DELETE of an in-progress live migration, on its source host. */
  liveMigrationAbort(
    ctx: RequestContext,
    host: string,
    instance: Instance,
    migrationId: number,
  ): Promise<void> {
    return this.#cast(ctx, host, 'live_migration_abort', { instance, migration_id: migrationId });
  }

  terminateInstance(ctx: RequestContext, host: string, instance: Instance): Promise<void> {
    return this.#cast(ctx, host, 'terminate_instance', {
      instance,
    });
  }
}
