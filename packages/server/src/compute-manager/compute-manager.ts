/**
 * nova-compute for one host: builds and tears down guests through its virt
 * driver, writes instance state only through the conductor, reports
 * capacity to placement, and hands failed builds back for a reschedule.
 */
import type {
  Clock,
  ImageService,
  Instance,
  Notifier,
  PlacementClient,
  RequestContext,
  RpcEndpoint,
  VirtDriver,
} from '@novats/core';
import { adminContext, errorChange, finishChange, startChange, TaskState, VmState } from '@novats/core';
import type { ConsoleSettings } from '../consoleauth/console-settings.js';
import type {
  BuildAndRunArgs,
  ComputeRpcApi,
  InstanceActionArgs,
  MoveArgs,
  RebootInstanceArgs,
} from '../rpc/compute-rpcapi.js';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { consoleEndpoint, DEFAULT_CONSOLES_ENABLED } from './compute-consoles.js';
import type { ConfigDriveOptions } from './config-drive-builder.js';
import { GroupPolicyCheck } from './group-policy-check.js';
import { cacheImages } from './image-precache.js';
import { notifyInstanceAction } from './instance-action-runner.js';
import { attachmentEndpoint } from './instance-attachments.js';
import { buildAndRunInstance } from './instance-build.js';
import { consoleOutput, GUEST_ACTIONS, runGuestAction, triggerCrashDump } from './instance-guest-actions.js';
import {
  confirmResize,
  evacuateInstance,
  finishResize,
  finishRevertResize,
  liveMigration,
  type MoveRunnerDeps,
  resizeInstance,
  revertResize,
  shelveInstance,
  shelveOffloadInstance,
  unshelveInstance,
} from './instance-moves.js';
import { isUnexpectedState, type PowerAction, runPowerAction } from './instance-power-actions.js';
import { type SnapshotArgs, snapshotInstance } from './instance-snapshot.js';
import { InstanceUsageAudit, type UsageAuditResult } from './instance-usage-audit.js';
import { KeyedMutex } from './keyed-mutex.js';
import { notifiedLiveMigrationStep } from './live-migration-notifications.js';
import type { ResourceTracker } from './resource-tracker.js';

export interface ComputeManagerDeps {
  readonly host: string;
  readonly driver: VirtDriver;
  readonly conductor: ConductorRpcApi;
  readonly placement: PlacementClient;
  readonly resourceTracker: ResourceTracker;
  readonly clock: Clock;
  /** Casts and calls to other hosts (the second half of a move). */
  readonly compute: ComputeRpcApi;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Which console types this host serves (`[vnc] enabled`, ...); Nova's defaults when absent. */
  readonly consoles?: ConsoleSettings['enabled'];
  /** `[DEFAULT] force_config_drive` and `config_drive_skip_versions`; absent: no config drives. */
  readonly configDrive?: ConfigDriveOptions;
  /** The image service, opened on first use (createImage, createBackup upload through it). */
  readonly images?: () => Promise<ImageService>;
  /** Versioned notifications (instance.create.*, instance.delete.*, every action's start/end). */
  readonly notifier?: Notifier;
  /** Legacy notifications (compute.instance.create.start, ...) of `notification_format` unversioned/both. */
  readonly legacyNotifier?: Notifier;
  /** `[DEFAULT] instance_usage_audit_period` (Nova's default `month`). */
  readonly auditPeriodUnit?: string;
  /** `[DEFAULT] instance_usage_audit`: the periodic instance.exists of this host's instances. */
  readonly instanceUsageAudit?: boolean;
}

export class ComputeManager {
  readonly #locks = new KeyedMutex();
  readonly #groupPolicy: GroupPolicyCheck;

  readonly #usageAudit: InstanceUsageAudit | null;

  constructor(private readonly deps: ComputeManagerDeps) {
    this.#groupPolicy = new GroupPolicyCheck(deps.host, deps.conductor);
    this.#usageAudit = deps.instanceUsageAudit
      ? new InstanceUsageAudit(deps, deps.auditPeriodUnit ?? 'month')
      : null;
  }

  /** The `_instance_usage_audit` periodic task: null when `instance_usage_audit` is off. */
  instanceUsageAudit(): Promise<UsageAuditResult | null> {
    return this.#usageAudit ? this.#usageAudit.run() : Promise.resolve(null);
  }

  #moveDeps(): MoveRunnerDeps {
    return {
      ...this.deps,
      nodeOf: async () => (await this.deps.driver.getAvailableNodes())[0],
    };
  }

  #snapshotDeps() {
    const images = this.deps.images;
    return {
      ...this.deps,
      images:
        images ?? (() => Promise.reject(new Error(`nova-compute ${this.deps.host} has no image service`))),
    };
  }

  /** Serialises `work` with every other operation on the same instance (Nova's instance lock). */
  #locked(uuid: string, work: () => Promise<unknown>): Promise<void> {
    return this.#locks.run(uuid, async () => {
      await work();
    });
  }

  endpoint(): RpcEndpoint {
    const guest = Object.fromEntries(
      Object.keys(GUEST_ACTIONS).map((method) => [
        method,
        (ctx: RequestContext, args: InstanceActionArgs) =>
          this.#locked(args.instance.uuid, () => runGuestAction(this.deps, ctx, method, args)),
      ]),
    );
    const move =
      (fn: (d: MoveRunnerDeps, ctx: RequestContext, a: MoveArgs) => Promise<void>) =>
      (ctx: RequestContext, args: MoveArgs) =>
        this.#locked(args.instance.uuid, () => fn(this.#moveDeps(), ctx, args));
    const attachments = Object.fromEntries(
      Object.entries(attachmentEndpoint(this.deps)).map(([method, fn]) => [
        method,
        (ctx: RequestContext, args: { instance: Instance }) =>
          this.#locks.run(args.instance.uuid, () => fn(ctx, args)),
      ]),
    );
    return {
      ...guest,
      ...attachments,
      get_driver_capabilities: () => this.deps.driver.capabilities,
      get_console_output: (_ctx, a: { instance: Instance; tail_length: number | null }) =>
        consoleOutput(this.deps, a.instance, a.tail_length),
      cache_images: (_ctx, a: { image_ids: string[] }) => cacheImages(this.deps.driver, a.image_ids),
      get_instance_diagnostics: (_ctx, a: { instance: Instance }) =>
        this.deps.driver.getDiagnostics(a.instance),
      trigger_crash_dump: (ctx, a: { instance: Instance }) => triggerCrashDump(this.deps, ctx, a.instance),
      snapshot_instance: (ctx: RequestContext, a: SnapshotArgs) =>
        this.#locked(a.instance.uuid, () => snapshotInstance(this.#snapshotDeps(), ctx, a, false)),
      backup_instance: (ctx: RequestContext, a: SnapshotArgs) =>
        this.#locked(a.instance.uuid, () => snapshotInstance(this.#snapshotDeps(), ctx, a, true)),
      shelve_instance: (ctx, a: { instance: Instance; offload: boolean }) =>
        this.#locked(a.instance.uuid, () => shelveInstance(this.#moveDeps(), ctx, a.instance, a.offload)),
      shelve_offload_instance: (ctx, a: { instance: Instance }) =>
        this.#locked(a.instance.uuid, () => shelveOffloadInstance(this.#moveDeps(), ctx, a.instance)),
      unshelve_instance: move(unshelveInstance),
      resize_instance: move(resizeInstance),
      finish_resize: move(finishResize),
      confirm_resize: move(confirmResize),
      revert_resize: move(revertResize),
      finish_revert_resize: move(finishRevertResize),
      live_migration: move(liveMigration),
      evacuate_instance: move(evacuateInstance),
      check_can_live_migrate_destination: (_ctx, a: { instance: Instance; source_host: string }) =>
        this.deps.driver.checkCanLiveMigrateDestination(a.instance, a.source_host),
      pre_live_migration: (ctx, a: { instance: Instance }) =>
        notifiedLiveMigrationStep(this.deps, ctx, a.instance, 'live_migration_pre', () =>
          this.deps.driver.preLiveMigration(a.instance),
        ),
      post_live_migration_at_destination: (ctx, a: { instance: Instance }) =>
        notifiedLiveMigrationStep(this.deps, ctx, a.instance, 'live_migration_post_dest', () =>
          this.deps.driver.postLiveMigrationAtDestination(a.instance),
        ),
      rollback_live_migration_at_destination: (ctx, a: { instance: Instance }) =>
        notifiedLiveMigrationStep(this.deps, ctx, a.instance, 'live_migration_rollback_dest', () =>
          this.deps.driver.rollbackLiveMigrationAtDestination(a.instance),
        ),
      // NOTE(gap): the fake and libvirt drivers here cannot steer a running migration; the
      // notifications are sent as Nova's manager sends them around the driver call.
      live_migration_force_complete: (ctx, a: { instance: Instance }) =>
        notifiedLiveMigrationStep(
          this.deps,
          ctx,
          a.instance,
          'live_migration_force_complete',
          async () => {},
        ),
      live_migration_abort: (ctx, a: { instance: Instance }) =>
        notifiedLiveMigrationStep(this.deps, ctx, a.instance, 'live_migration_abort', async () => {}),
      build_and_run_instance: (ctx, args: BuildAndRunArgs) =>
        this.#locks.run(args.instance.uuid, () => this.buildAndRunInstance(ctx, args)),
      terminate_instance: (ctx, args: { instance: Instance }) =>
        this.#locks.run(args.instance.uuid, () => this.terminateInstance(ctx, args.instance)),
      stop_instance: (ctx, args: { instance: Instance }) => this.#power(ctx, args.instance, 'stop'),
      start_instance: (ctx, args: { instance: Instance }) => this.#power(ctx, args.instance, 'start'),
      reboot_instance: (ctx, args: RebootInstanceArgs) =>
        this.#power(ctx, args.instance, args.reboot_type === 'HARD' ? 'rebootHard' : 'reboot'),
      ...consoleEndpoint(this.deps.driver, this.deps.consoles ?? DEFAULT_CONSOLES_ENABLED),
    };
  }

  /** os-stop, os-start and reboot, serialised with build and terminate of the same instance. */
  #power(ctx: RequestContext, instance: Instance, action: PowerAction): Promise<void> {
    return this.#locks.run(instance.uuid, () => runPowerAction(this.deps, ctx, instance, action));
  }

  /**
   * Nova's `init_host`: after a crash or restart, finish deletes that were
   * under way and put builds that died mid-way into ERROR, so that nothing
   * on this host stays stuck in a transient state.
   */
  async initHost(): Promise<{ deleted: string[]; errored: string[] }> {
    const ctx = adminContext(`req-init-host-${this.deps.host}`);
    const deleted: string[] = [];
    const errored: string[] = [];
    for (const instance of await this.deps.conductor.instancesOnHost(ctx, this.deps.host)) {
      if (instance.task_state === TaskState.DELETING) {
        await this.#locks.run(instance.uuid, () => this.terminateInstance(ctx, instance));
        deleted.push(instance.uuid);
      } else if (instance.vm_state === VmState.BUILDING) {
        await this.deps.driver.destroy(instance).catch(() => {});
        await this.deps.conductor.instanceUpdate(ctx, instance.uuid, errorChange().values);
        await this.deps.conductor.instanceFaultCreate(ctx, {
          instance_uuid: instance.uuid,
          code: 500,
          message: 'Instance failed to spawn: its compute service restarted during the build.',
          details: `nova-compute on ${this.deps.host} restarted while the instance was ${instance.task_state ?? 'building'}`,
          host: this.deps.host,
          created_at: new Date(this.deps.clock.now()).toISOString(),
        });
        errored.push(instance.uuid);
      }
    }
    return { deleted, errored };
  }

  /**
   * Nova's `_reclaim_queued_deletes`: soft-deleted instances older than
   * `reclaim_instance_interval` seconds are deleted for good.
   */
  async reclaimQueuedDeletes(intervalSeconds: number): Promise<string[]> {
    const ctx = adminContext(`req-reclaim-${this.deps.host}`);
    const cutoff = this.deps.clock.now() - intervalSeconds * 1000;
    const reclaimed: string[] = [];
    for (const instance of await this.deps.conductor.instancesOnHost(ctx, this.deps.host)) {
      if (instance.vm_state !== VmState.SOFT_DELETED || instance.task_state !== null) continue;
      if (Date.parse(instance.updated_at ?? instance.created_at) > cutoff) continue;
      const start = startChange('delete');
      try {
        const marked = await this.deps.conductor.instanceUpdate(ctx, instance.uuid, start.values, {
          vm_state: [VmState.SOFT_DELETED],
          task_state: [null],
        });
        await this.#locks.run(instance.uuid, () => this.terminateInstance(ctx, marked));
        reclaimed.push(instance.uuid);
      } catch (err) {
        if (!isUnexpectedState(err)) throw err;
      }
    }
    return reclaimed;
  }

  /** Reports this host's nodes; called at start-up and by the periodic task. */
  async updateAvailableResource(): Promise<void> {
    const ctx = adminContext(`req-periodic-${this.deps.host}`);
    const instances = await this.deps.conductor.instancesOnHost(ctx, this.deps.host);
    await this.deps.resourceTracker.updateAvailableResource(ctx, instances);
  }

  buildAndRunInstance(ctx: RequestContext, args: BuildAndRunArgs): Promise<void> {
    return buildAndRunInstance(this.deps, this.#groupPolicy, ctx, args);
  }

  async terminateInstance(ctx: RequestContext, instance: Instance): Promise<void> {
    await notifyInstanceAction(this.deps, ctx, instance, 'delete', 'start');
    await this.deps.driver.destroy(instance);
    await this.deps.placement.deleteAllocations(ctx, instance.uuid);
    const gone = finishChange('delete', instance, TaskState.DELETING);
    // NOTE(perf): the last power_state and terminated_at go with the destroy, in one conductor call.
    await this.deps.conductor.instanceDestroy(ctx, instance.uuid, {
      task_state: gone.values.task_state,
      power_state: gone.values.power_state,
      terminated_at: new Date(this.deps.clock.now()).toISOString(),
    });
    await notifyInstanceAction(
      this.deps,
      ctx,
      {
        ...instance,
        vm_state: gone.values.vm_state ?? VmState.DELETED,
        task_state: null,
        power_state: gone.values.power_state ?? instance.power_state,
        terminated_at: new Date(this.deps.clock.now()).toISOString(),
        deleted_at: new Date(this.deps.clock.now()).toISOString(),
      },
      'delete',
      'end',
    );
  }
}
