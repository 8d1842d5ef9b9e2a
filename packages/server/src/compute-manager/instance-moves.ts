/**
 * The host side of the moves (Nova's `resize_instance` / `finish_resize` /
 * `confirm_resize` / `revert_resize` / `finish_revert_resize`,
 * `live_migration` with `pre_live_migration` and
 * `post_live_migration_at_destination`, `rebuild_instance` for evacuate,
 * `shelve_instance` / `shelve_offload_instance` / `unshelve_instance`).
 * Placement's move claims as Nova makes them: while a move is in flight the
 * migration's consumer holds the source host's allocation and the instance
 * holds the destination's; confirming drops the migration's, reverting
 * gives it back to the instance. Every state write comes from core's table.
 */
import type { Instance, Migration, PlacementClient, RequestContext, TaskState } from '@novats/core';
import { finishChange, PowerState, revertChange, startChange, stepChange, VmState } from '@novats/core';
import type { ComputeRpcApi, MoveArgs } from '../rpc/compute-rpcapi.js';
import { plugBlockDeviceVolumes } from './block-device-volumes.js';
import {
  type ActionRunnerDeps,
  isUnexpectedState,
  notifyCurrentUsage,
  notifyInstanceAction,
  runInstanceAction,
  withActionEvent,
} from './instance-action-runner.js';
import { notifyLiveMigration } from './live-migration-notifications.js';

export interface MoveRunnerDeps extends ActionRunnerDeps {
  readonly placement: PlacementClient;
  readonly compute: ComputeRpcApi;
  /** This host's node (the fake driver's first); a move lands on it. */
  readonly nodeOf: () => Promise<string>;
}

function now(deps: ActionRunnerDeps): string {
  return new Date(deps.clock.now()).toISOString();
}

async function setMigration(
  deps: ActionRunnerDeps,
  ctx: RequestContext,
  migration: Migration | null,
  status: Migration['status'],
): Promise<void> {
  if (migration) await deps.conductor.migrationUpdate(ctx, migration.id, { status });
}

async function step(
  deps: ActionRunnerDeps,
  ctx: RequestContext,
  action: 'resize' | 'migrate' | 'unshelve' | 'evacuate' | 'rebuild',
  uuid: string,
  from: TaskState | null,
  to: TaskState,
): Promise<Instance> {
  const change = stepChange(action, from, to);
  return deps.conductor.instanceUpdate(ctx, uuid, change.values, change.expected);
}

/**
 * The instance takes back the source allocation its migration held. A move
 * replaces the instance's own (destination) allocation, as Nova's
 * `move_allocations` does; with nothing to move the destination's is dropped.
 */
async function giveSourceBack(
  deps: MoveRunnerDeps,
  ctx: RequestContext,
  migration: Migration,
  uuid: string,
): Promise<void> {
  const moved = await deps.placement.moveAllocations(ctx, migration.uuid, uuid);
  if (!moved) await deps.placement.deleteAllocations(ctx, uuid);
}

/** A move failed before the guest left: give the source its allocation back, clear the task_state. */
async function abortMove(
  deps: MoveRunnerDeps,
  ctx: RequestContext,
  args: MoveArgs,
  at: TaskState | null,
  err: unknown,
): Promise<void> {
  deps.log?.('move failed', { instance: args.instance.uuid, error: String(err) });
  if (args.migration) await giveSourceBack(deps, ctx, args.migration, args.instance.uuid).catch(() => {});
  await setMigration(deps, ctx, args.migration, 'error').catch(() => {});
  const change = revertChange(at);
  await deps.conductor
    .instanceUpdate(ctx, args.instance.uuid, change.values, change.expected)
    .catch(() => {});
}

/**
 * Source side of resize/migrate: power off and hand the disk to the
 * destination. As in Nova's `_resize_instance`, the migration's and the
 * instance's writes of a step go together, and `finish_resize` is cast
 * before the end notification and the event's finish.
 */
export async function resizeInstance(
  deps: MoveRunnerDeps,
  ctx: RequestContext,
  args: MoveArgs,
): Promise<void> {
  const action = args.migration?.migration_type === 'resize' ? 'resize' : 'migrate';
  const uuid = args.instance.uuid;
  let at: TaskState | null = 'resize_prep';
  let handedOff = false;
  try {
    await withActionEvent(deps, ctx, uuid, 'compute_resize_instance', async () => {
      const [migrating] = await Promise.all([
        step(deps, ctx, action, uuid, at, 'resize_migrating'),
        setMigration(deps, ctx, args.migration, 'migrating'),
      ]);
      at = 'resize_migrating';
      await notifyInstanceAction(deps, ctx, migrating, 'resize', 'start');
      await deps.driver.migrateDiskAndPowerOff(args.instance, args.dest_host, args.flavor);
      const [migrated] = await Promise.all([
        step(deps, ctx, action, uuid, at, 'resize_migrated'),
        setMigration(deps, ctx, args.migration, 'post-migrating'),
      ]);
      at = 'resize_migrated';
      await deps.compute.castMove(ctx, args.dest_host, 'finish_resize', args);
      handedOff = true;
      await notifyInstanceAction(deps, ctx, migrated, 'resize', 'end');
    });
  } catch (err) {
    // NOTE(race): once finish_resize is cast the destination owns the move; only log.
    if (isUnexpectedState(err) || handedOff) {
      if (handedOff)
        deps.log?.('resize_instance failed after the hand-off', { instance: uuid, error: String(err) });
      return;
    }
    await abortMove(deps, ctx, args, at, err);
  }
}

/**
 * Destination side of resize/migrate: bring the guest up with the new flavor;
 * the server is VERIFY_RESIZE. The migration is `finished` before the
 * instance shows it (Nova's order), so a confirm that follows at once finds it.
 */
export async function finishResize(deps: MoveRunnerDeps, ctx: RequestContext, args: MoveArgs): Promise<void> {
  const action = args.migration?.migration_type === 'resize' ? 'resize' : 'migrate';
  const uuid = args.instance.uuid;
  const old = args.instance;
  await withActionEvent(deps, ctx, uuid, 'compute_finish_resize', async () => {
    const current = await step(deps, ctx, action, uuid, 'resize_migrated', 'resize_finish');
    await notifyInstanceAction(deps, ctx, current, 'resize_finish', 'start');
    const powerOn = old.vm_state !== VmState.STOPPED;
    await deps.driver.finishMigration(
      { ...current, host: args.dest_host, node: args.dest_node },
      args.flavor,
      args.image,
      powerOn,
    );
    await setMigration(deps, ctx, args.migration, 'finished');
    const change = finishChange(action, current, 'resize_finish');
    const finished = await deps.conductor.instanceUpdate(
      ctx,
      uuid,
      {
        ...change.values,
        power_state: powerOn ? PowerState.RUNNING : PowerState.SHUTDOWN,
        host: args.dest_host,
        node: args.dest_node,
        flavor: args.flavor,
        old_flavor: old.flavor,
        new_flavor: args.flavor,
        system_metadata: { ...(old.system_metadata ?? {}), old_vm_state: old.vm_state },
      },
      change.expected,
    );
    await notifyInstanceAction(deps, ctx, finished, 'resize_finish', 'end');
  }).catch((err) => deps.log?.('finish_resize failed', { instance: uuid, error: String(err) }));
}

/** Source side of confirmResize: forget the old guest and the migration's allocation. */
export async function confirmResize(
  deps: MoveRunnerDeps,
  ctx: RequestContext,
  args: MoveArgs,
): Promise<void> {
  const uuid = args.instance.uuid;
  await withActionEvent(deps, ctx, uuid, 'compute_confirm_resize', async () => {
    await notifyInstanceAction(deps, ctx, args.instance, 'resize_confirm', 'start');
    await deps.driver.confirmMigration(args.instance);
    if (args.migration) await deps.placement.deleteAllocations(ctx, args.migration.uuid);
    const previous = (args.instance.system_metadata?.old_vm_state as Instance['vm_state']) ?? VmState.ACTIVE;
    const change = finishChange('confirmResize', args.instance, null, previous);
    const confirmed = await deps.conductor.instanceUpdate(
      ctx,
      uuid,
      { ...change.values, old_flavor: null, new_flavor: null },
      {
        ...change.expected,
        vm_state: ['resized'],
      },
    );
    await setMigration(deps, ctx, args.migration, 'confirmed');
    await notifyInstanceAction(deps, ctx, confirmed, 'resize_confirm', 'end');
  }).catch((err) => deps.log?.('confirm_resize failed', { instance: uuid, error: String(err) }));
}

/**
 * Destination side of revertResize: drop the new guest and claim, give the
 * source its allocation back, then cast `finish_revert_resize` inside the
 * event, as Nova's `revert_resize` does.
 */
export async function revertResize(deps: MoveRunnerDeps, ctx: RequestContext, args: MoveArgs): Promise<void> {
  const uuid = args.instance.uuid;
  const source = args.migration?.source_compute ?? args.dest_host;
  try {
    await withActionEvent(deps, ctx, uuid, 'compute_revert_resize', async () => {
      // NOTE(nova): resize_revert starts on the destination and ends on the source (finish_revert_resize).
      // NOTE(nova): the usage at the new size ends here; revert_resize reports it first.
      await notifyCurrentUsage(deps, ctx, args.instance);
      await notifyInstanceAction(deps, ctx, args.instance, 'resize_revert', 'start');
      if (args.migration && args.migration.source_compute !== args.migration.dest_compute) {
        await deps.driver.destroy(args.instance);
      }
      if (args.migration) {
        await Promise.all([
          giveSourceBack(deps, ctx, args.migration, uuid),
          setMigration(deps, ctx, args.migration, 'reverting'),
        ]);
      }
      await deps.compute.castMove(ctx, source, 'finish_revert_resize', args);
    });
  } catch (err) {
    deps.log?.('revert_resize failed', { instance: uuid, error: String(err) });
  }
}

/** Source side of revertResize: the guest comes back with its old flavor on its old host. */
export async function finishRevertResize(
  deps: MoveRunnerDeps,
  ctx: RequestContext,
  args: MoveArgs,
): Promise<void> {
  const uuid = args.instance.uuid;
  const old = args.instance;
  const previous = (old.system_metadata?.old_vm_state as Instance['vm_state']) ?? VmState.ACTIVE;
  const oldFlavor = old.old_flavor ?? old.flavor;
  await withActionEvent(deps, ctx, uuid, 'compute_finish_revert_resize', async () => {
    await deps.driver.finishRevertMigration(old, oldFlavor, previous !== VmState.STOPPED);
    const change = finishChange('revertResize', old, 'resize_reverting', previous);
    const reverted = await deps.conductor.instanceUpdate(
      ctx,
      uuid,
      {
        ...change.values,
        host: args.migration?.source_compute ?? old.host,
        node: args.migration?.source_node ?? old.node,
        flavor: oldFlavor,
        old_flavor: null,
        new_flavor: null,
      },
      change.expected,
    );
    await setMigration(deps, ctx, args.migration, 'reverted');
    await notifyInstanceAction(deps, ctx, reverted, 'resize_revert', 'end');
  }).catch((err) => deps.log?.('finish_revert_resize failed', { instance: uuid, error: String(err) }));
}

/**
 * Source side of os-migrateLive: the destination prepares, the guest moves,
 * the destination takes over; the migration's source allocation is dropped.
 * A failure rolls the destination back and the instance stays here.
 */
export async function liveMigration(
  deps: MoveRunnerDeps,
  ctx: RequestContext,
  args: MoveArgs,
): Promise<void> {
  const uuid = args.instance.uuid;
  try {
    await withActionEvent(deps, ctx, uuid, 'compute_live_migration', async () => {
      await setMigration(deps, ctx, args.migration, 'running');
      await deps.compute.call(ctx, args.dest_host, 'pre_live_migration', { instance: args.instance });
      try {
        await deps.driver.liveMigration(args.instance, args.dest_host);
      } catch (err) {
        // Nova's _rollback_live_migration: the destination cleans up between rollback start and end.
        await notifyLiveMigration(deps, ctx, args.instance, 'live_migration_rollback', 'start');
        await deps.compute
          .call(ctx, args.dest_host, 'rollback_live_migration_at_destination', { instance: args.instance })
          .catch(() => {});
        await notifyLiveMigration(deps, ctx, args.instance, 'live_migration_rollback', 'end');
        throw err;
      }
      await notifyLiveMigration(deps, ctx, args.instance, 'live_migration_post', 'start');
      await deps.compute.call(ctx, args.dest_host, 'post_live_migration_at_destination', {
        instance: args.instance,
      });
      const change = finishChange('liveMigrate', args.instance, 'migrating');
      const migrated = await deps.conductor.instanceUpdate(
        ctx,
        uuid,
        { ...change.values, host: args.dest_host, node: args.dest_node },
        change.expected,
      );
      await notifyLiveMigration(deps, ctx, migrated, 'live_migration_post', 'end');
      if (args.migration) await deps.placement.deleteAllocations(ctx, args.migration.uuid);
      await setMigration(deps, ctx, args.migration, 'completed');
    });
  } catch (err) {
    if (isUnexpectedState(err)) return;
    await abortMove(deps, ctx, args, 'migrating', err);
  }
}

/**
 * Destination side of evacuate (Nova's `rebuild_instance` with a new host):
 * the guest is built again here from its image; the dead host's allocation,
 * held by the migration, is dropped.
 */
export async function evacuateInstance(
  deps: MoveRunnerDeps,
  ctx: RequestContext,
  args: MoveArgs,
): Promise<void> {
  const previous = args.instance.vm_state;
  await runInstanceAction(deps, ctx, args.instance, 'evacuate', {
    event: 'compute_rebuild_instance',
    previousVmState: previous,
    onFailure: 'error',
    work: async (current) => {
      const placed = { ...current, host: args.dest_host, node: args.dest_node };
      await deps.driver.spawn(placed, args.image, { adminPass: args.admin_password ?? null });
      if (previous === VmState.STOPPED) await deps.driver.powerOff(placed);
      if (args.migration) await deps.placement.deleteAllocations(ctx, args.migration.uuid);
      await setMigration(deps, ctx, args.migration, 'done');
      return { values: { host: args.dest_host, node: args.dest_node } };
    },
  });
}

/**
 * shelve: power the guest off (NOTE(gap): no snapshot image is uploaded;
 * Nova stores one as `shelved_image_id`), then with `shelved_offload_time`
 * 0 offload at once.
 */
export async function shelveInstance(
  deps: MoveRunnerDeps,
  ctx: RequestContext,
  instance: Instance,
  offload: boolean,
): Promise<void> {
  await runInstanceAction(deps, ctx, instance, 'shelve', {
    event: 'compute_shelve_instance',
    work: async (current) => {
      await deps.driver.powerOff(current);
      return {
        values: {
          system_metadata: {
            ...(current.system_metadata ?? {}),
            shelved_at: now(deps),
            shelved_host: deps.host,
          },
        },
      };
    },
  });
  if (!offload) return;
  const start = startChange('shelveOffload');
  let shelved: Instance;
  try {
    shelved = await deps.conductor.instanceUpdate(ctx, instance.uuid, start.values, start.expected);
  } catch (err) {
    if (isUnexpectedState(err)) return;
    throw err;
  }
  await shelveOffloadInstance(deps, ctx, shelved);
}

/** shelveOffload: the guest goes, its allocation is released and the instance leaves the host. */
export function shelveOffloadInstance(
  deps: MoveRunnerDeps,
  ctx: RequestContext,
  instance: Instance,
): Promise<void> {
  return runInstanceAction(deps, ctx, instance, 'shelveOffload', {
    event: 'compute_shelve_offload_instance',
    work: async (current) => {
      await deps.driver.destroy(current);
      await deps.placement.deleteAllocations(ctx, current.uuid);
      return { values: { host: null, node: null, power_state: PowerState.NOSTATE } };
    },
  });
}

/** unshelve, on the host the conductor scheduled: spawn again from the image. */
export function unshelveInstance(deps: MoveRunnerDeps, ctx: RequestContext, args: MoveArgs): Promise<void> {
  return runInstanceAction(deps, ctx, args.instance, 'unshelve', {
    event: 'compute_unshelve_instance',
    onFailure: async (_err, current) => {
      await deps.placement.deleteAllocations(ctx, current.uuid).catch(() => {});
      const change = revertChange(current.task_state);
      return { ...change, values: { ...change.values } };
    },
    work: async (current) => {
      const placed = { ...current, host: args.dest_host, node: args.dest_node };
      await deps.driver.spawn(placed, args.image, {});
      // NOTE(nova): volumes attached while shelved_offloaded (2.20) are plugged now that there is a host.
      await plugBlockDeviceVolumes(deps.driver, placed);
      const { shelved_at: _a, shelved_host: _h, ...rest } = current.system_metadata ?? {};
      return {
        values: {
          host: args.dest_host,
          node: args.dest_node,
          system_metadata: rest,
          launched_at: now(deps),
        },
      };
    },
  });
}
