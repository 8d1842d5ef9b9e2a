/**
 * The conductor's half of every move (Nova's `MigrationTask`,
 * `LiveMigrationTask`, `rebuild_instance` for evacuate and
 * `unshelve_instance`): make the move claim (the migration's consumer takes
 * the instance's source allocation), ask the scheduler for a destination,
 * which claims it for the instance, then hand the move to the hosts. No host
 * found: the source allocation goes back to the instance, the migration is
 * `error` and the instance leaves its task_state, with a fault.
 */
import type {
  ApiDatabase,
  Clock,
  Migration,
  PlacementClient,
  RequestContext,
  RequestSpec,
  Selection,
} from '@novats/core';
import {
  isNoValidHost,
  LiveMigrationPreCheckFailed,
  revertChange,
  startGuard,
  transitionRule,
} from '@novats/core';
import type { CellRegistry } from '../cells/cell-registry.js';
import type { ComputeRpcApi, MoveArgs } from '../rpc/compute-rpcapi.js';
import type { MoveInstanceArgs } from '../rpc/conductor-rpcapi.js';
import type { SchedulerRpcApi } from '../rpc/scheduler-rpcapi.js';
import { setupInstanceGroup } from './instance-group-setup.js';

export interface MoveDeps {
  readonly api: ApiDatabase;
  readonly cells: CellRegistry;
  readonly scheduler: SchedulerRpcApi;
  readonly compute: ComputeRpcApi;
  readonly placement: PlacementClient;
  readonly clock: Clock;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
}

/** The host method that carries out each kind of move once a destination is claimed. */
const FIRST_STEP: Record<MoveInstanceArgs['kind'], { readonly onSource: boolean; readonly method: string }> =
  {
    resize: { onSource: true, method: 'resize_instance' },
    migrate: { onSource: true, method: 'resize_instance' },
    'live-migration': { onSource: true, method: 'live_migration' },
    evacuation: { onSource: false, method: 'evacuate_instance' },
    unshelve: { onSource: false, method: 'unshelve_instance' },
  };

/** The transition-table row whose task_state the instance is in during the move. */
const ACTIONS = {
  resize: 'resize',
  migrate: 'migrate',
  'live-migration': 'liveMigrate',
  evacuation: 'evacuate',
  unshelve: 'unshelve',
} as const;

async function requestSpecFor(deps: MoveDeps, a: MoveInstanceArgs): Promise<RequestSpec> {
  const stored = await deps.api.requestSpecs.get(a.instance.uuid);
  const source = a.instance.host;
  // NOTE(nova): a move never lands where it is, except a resize with allow_resize_to_same_host.
  const ignore =
    source && a.kind !== 'unshelve' && !(a.kind === 'resize' && a.allow_same_host) ? [source] : [];
  return {
    instance_uuid: a.instance.uuid,
    project_id: a.instance.project_id,
    user_id: a.instance.user_id,
    num_instances: 1,
    availability_zone: stored?.availability_zone ?? null,
    scheduler_hints: stored?.scheduler_hints ?? {},
    is_bfv: false,
    instance_group: stored?.instance_group ?? null,
    ...stored,
    flavor: a.flavor,
    image: a.image,
    ignore_hosts: ignore,
    // NOTE(gap): Nova's requested_destination still runs the filters; here a named host is forced.
    force_hosts: a.host ? [a.host] : [],
    force_nodes: [],
    requested_destination: a.host ? { host: a.host } : null,
  };
}

/**
 * Schedules a move and hands it to the source (resize, migrate, live) or the
 * destination. With `preChecksAwaited` (a live migration before 2.34) a failed scheduling
 * is also thrown back to the caller as LiveMigrationPreCheckFailed, after the
 * same clean-up (migration 'error', the task state reverted, the event).
 */
export async function moveInstance(
  deps: MoveDeps,
  ctx: RequestContext,
  a: MoveInstanceArgs,
  opts: { preChecksAwaited?: boolean } = {},
): Promise<void> {
  const cell = await deps.cells.get(a.cell_uuid);
  const uuid = a.instance.uuid;
  const migration = a.migration;
  // NOTE(perf): the move claim, the event and the request spec are independent: they run
  // together, and the scheduler is asked once the migration holds the source allocation.
  const moving = migration
    ? deps.placement.moveAllocations(ctx, uuid, migration.uuid)
    : Promise.resolve(false);
  let selected: Selection;
  try {
    const [, , spec] = await Promise.all([
      moving,
      cell.instanceActions.eventStart(uuid, ctx.request_id, {
        event: 'conductor_migrate_server',
        host: null,
        start_time: new Date(deps.clock.now()).toISOString(),
      }),
      requestSpecFor(deps, a).then((s) => setupInstanceGroup(deps.api, deps.cells, s)),
    ]);
    const [hosts] = await deps.scheduler.selectDestinations(ctx, {
      spec,
      instance_uuids: [uuid],
      return_alternates: false,
    });
    selected = hosts[0];
    // NOTE(nova): LiveMigrationTask asks the destination before anything moves.
    if (a.kind === 'live-migration' && a.instance.host)
      await deps.compute.checkCanLiveMigrateDestination(
        ctx,
        selected.service_host,
        a.instance,
        a.instance.host,
      );
  } catch (err) {
    await failMove(deps, ctx, a, migration, await moving.catch(() => false), err);
    if (opts.preChecksAwaited) throw new LiveMigrationPreCheckFailed(faultMessage(err));
    return;
  }
  const [, placedMigration] = await Promise.all([
    cell.instanceActions.eventFinish(uuid, ctx.request_id, {
      event: 'conductor_migrate_server',
      finish_time: new Date(deps.clock.now()).toISOString(),
      result: 'Success',
    }),
    migration
      ? cell.migrations.update(migration.id, {
          dest_compute: selected.service_host,
          dest_node: selected.nodename,
          dest_host: selected.service_host,
          status: a.kind === 'live-migration' ? 'preparing' : migration.status,
        })
      : null,
  ]);
  const args: MoveArgs = {
    instance: a.instance,
    migration: placedMigration,
    flavor: a.flavor,
    image: a.image,
    dest_host: selected.service_host,
    dest_node: selected.nodename,
    admin_password: a.admin_password ?? null,
  };
  const first = FIRST_STEP[a.kind];
  const target = first.onSource && a.instance.host ? a.instance.host : selected.service_host;
  await deps.compute.castMove(ctx, target, first.method, args);
}

/** The fault's message: NoValidHost's with its reason, else the error's own. */
function faultMessage(err: unknown): string {
  return isNoValidHost(err)
    ? `No valid host was found. ${err.reason}`.trim()
    : String((err as Error).message);
}

async function failMove(
  deps: MoveDeps,
  ctx: RequestContext,
  a: MoveInstanceArgs,
  migration: Migration | null,
  moved: boolean,
  err: unknown,
): Promise<void> {
  const uuid = a.instance.uuid;
  const cell = await deps.cells.get(a.cell_uuid);
  const now = new Date(deps.clock.now()).toISOString();
  deps.log?.('move not scheduled', { instance: uuid, kind: a.kind, error: String(err) });
  if (migration && moved) await deps.placement.moveAllocations(ctx, migration.uuid, uuid).catch(() => false);
  if (migration) await cell.migrations.update(migration.id, { status: 'error' });
  const rule = transitionRule(ACTIONS[a.kind]);
  const change = revertChange(rule.task_state);
  await cell.instances
    .update(uuid, change.values, { ...startGuard(ACTIONS[a.kind]), task_state: [rule.task_state] })
    .catch(() => {});
  await cell.instances.addFault({
    instance_uuid: uuid,
    code: isNoValidHost(err) ? 400 : 500,
    message: faultMessage(err),
    details: (err as Error).stack ?? String(err),
    host: null,
    created_at: now,
  });
  await cell.instanceActions.eventFinish(uuid, ctx.request_id, {
    event: 'conductor_migrate_server',
    finish_time: now,
    result: 'Error',
    traceback: String((err as Error).message),
  });
}
