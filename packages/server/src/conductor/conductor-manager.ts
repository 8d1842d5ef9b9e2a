/**
 * nova-conductor: the build orchestration between API, scheduler and
 * compute hosts (the "super conductor"), and the database access compute
 * hosts use for their own cell (the "cell conductor"). Any number of
 * conductors may serve the same topic.
 */
import type {
  ApiDatabase,
  CellDatabase,
  Clock,
  ComputeNode,
  Instance,
  InstanceFault,
  InstanceUpdate,
  Migration,
  PlacementClient,
  RequestContext,
  RpcEndpoint,
  Selection,
  TaskLogKey,
} from '@novats/core';
import { activeInPeriod, errorChange, isNoValidHost, isNovaError, startChange } from '@novats/core';
import type { CellRegistry } from '../cells/cell-registry.js';
import { HostCellCache } from '../cells/host-cells.js';
import type { InstanceUpdateNotifier } from '../notifications/instance-update-notifier.js';
import type { ComputeRpcApi } from '../rpc/compute-rpcapi.js';
import type {
  ActionEventFinish,
  ActionEventStart,
  InstanceUpdateArgs,
  MoveInstanceArgs,
  RebuildOnAlternateArgs,
  ScheduleAndBuildArgs,
} from '../rpc/conductor-rpcapi.js';
import type { SchedulerRpcApi } from '../rpc/scheduler-rpcapi.js';
import { precacheImagesOnAggregate } from './aggregate-image-precache.js';
import { buryInCell0 } from './cell0-burial.js';
import type { HostZoneCache } from './host-zones.js';
import { freshInstanceGroup, setupInstanceGroup } from './instance-group-setup.js';
import { type MoveDeps, moveInstance } from './instance-moves.js';
import { resumeRedeliveredBuild } from './redelivered-build.js';
import { applyInstanceIdempotently, updateInstanceIdempotently } from './repeated-update.js';

export interface ConductorDeps {
  readonly api: ApiDatabase;
  readonly cells: CellRegistry;
  /** The cell whose compute hosts this conductor serves (`[database] connection`). */
  readonly localCell: CellDatabase;
  readonly scheduler: SchedulerRpcApi;
  readonly compute: ComputeRpcApi;
  readonly placement: PlacementClient;
  readonly clock: Clock;
  readonly defaultAvailabilityZone: string;
  /** The zone of a host (its AZ aggregates); without it every host is in the default zone. */
  readonly hostZones?: Pick<HostZoneCache, 'zoneOf'>;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Gathers an instance's metadata for a config drive (null when it is gone). */
  readonly instanceMetadata?: (uuid: string) => Promise<unknown>;
  /** instance.update of the saves compute hosts ask for (`notify_on_state_change`); none when absent. */
  readonly instanceUpdates?: InstanceUpdateNotifier;
  /** `[DEFAULT] service_down_time` (s): the image pre-cache skips hosts whose heartbeat is older. */
  readonly serviceDownTime: number;
  /** `[image_cache] precache_concurrency`. */
  readonly precacheConcurrency: number;
}

export class ConductorManager {
  readonly #hostCells: HostCellCache;

  constructor(private readonly deps: ConductorDeps) {
    this.#hostCells = new HostCellCache(deps.api);
  }

  endpoint(): RpcEndpoint {
    return {
      schedule_and_build_instances: (ctx, args, delivery) =>
        this.scheduleAndBuildInstances(ctx, args, delivery?.redelivered === true),
      build_instances: (ctx, args) => this.buildInstances(ctx, args),
      instance_update: (ctx, a: InstanceUpdateArgs) => this.#instanceUpdate(ctx, a),
      instance_get: (_ctx, a: { uuid: string }) => this.deps.localCell.instances.get(a.uuid),
      instance_get_metadata: async (_ctx, a: { uuid: string }) =>
        (await this.deps.instanceMetadata?.(a.uuid)) ?? null,
      instance_group_get: (_ctx, a: { uuid: string; exclude: string[] }) =>
        freshInstanceGroup(this.deps.api, this.deps.cells, a.uuid, a.exclude),
      instance_get_all_by_host: (_ctx, a: { host: string }) =>
        this.deps.localCell.instances.list({ host: a.host }),
      instance_get_active_by_window_joined: async (_ctx, a: { host: string; begin: number; end: number }) =>
        (await this.deps.localCell.instances.list({ host: a.host, deleted: true })).filter((i) =>
          activeInPeriod(i, { beginning: a.begin, ending: a.end }),
        ),
      // NOTE(nova): the usage audit's task_log rows live in the host's cell; hosts reach them here.
      task_log_get: (_ctx, a: { key: TaskLogKey }) => this.deps.localCell.taskLogs.get(a.key),
      task_log_begin_task: (_ctx, a: { key: TaskLogKey; task_items: number; message: string }) =>
        this.deps.localCell.taskLogs.begin(a.key, a.task_items, a.message),
      task_log_end_task: (_ctx, a: { key: TaskLogKey; errors: number; message: string }) =>
        this.deps.localCell.taskLogs.end(a.key, a.errors, a.message),
      instance_fault_create: (_ctx, a: { fault: InstanceFault }) =>
        this.deps.localCell.instances.addFault(a.fault),
      instance_destroy: async (_ctx: RequestContext, a: { uuid: string; values?: InstanceUpdate }) => {
        const cell = this.deps.localCell;
        // NOTE(consoles): the tokens go first (Nova cleans them at shutdown, before the destroy),
        // so that nobody sees the instance gone while its console still opens.
        await cell.consoleAuthTokens.deleteForInstance(a.uuid);
        const before = a.values ? await this.#beforeSave(a.uuid) : null;
        if (before && a.values) {
          // instance.update needs the saved row, so the host's last values get their own UPDATE here.
          const saved = await cell.instances.update(a.uuid, a.values).catch((err) => {
            if (!(isNovaError(err) && err.status === 404)) throw err;
            return null;
          });
          if (saved) await this.deps.instanceUpdates?.saved(_ctx, before, saved);
          await cell.instances.softDelete(a.uuid);
        } else {
          // The host's last values (power state, terminated_at) ride on the delete's one UPDATE.
          await cell.instances.softDelete(a.uuid, a.values);
        }
      },
      service_register: (_ctx, a: { host: string; binary: string; topic: string; version: number }) =>
        this.deps.localCell.services.register(a.host, a.binary, a.topic, a.version),
      service_heartbeat: (_ctx, a: { id: number }) => this.deps.localCell.services.heartbeat(a.id),
      compute_node_save: (_ctx, a: { node: ComputeNode }) => this.deps.localCell.computeNodes.save(a.node),
      action_event_start: (ctx, a: { uuid: string; event: ActionEventStart }) =>
        this.deps.localCell.instanceActions.eventStart(a.uuid, ctx.request_id, a.event),
      action_event_finish: (ctx, a: { uuid: string; event: ActionEventFinish }) =>
        this.deps.localCell.instanceActions.eventFinish(a.uuid, ctx.request_id, a.event),
      migration_update: (_ctx, a: { id: number; patch: Partial<Migration> }) =>
        this.deps.localCell.migrations.update(a.id, a.patch),
      move_instance: (ctx, a: MoveInstanceArgs) => moveInstance(this.#moveDeps(), ctx, a),
      cache_images: async (ctx, a: { hosts: string[]; image_ids: string[] }) => {
        await precacheImagesOnAggregate(
          { ...this.deps, hostCells: this.#hostCells, concurrency: this.deps.precacheConcurrency },
          ctx,
          a,
        );
      },
      live_migrate_instance: (ctx, a: MoveInstanceArgs) =>
        moveInstance(this.#moveDeps(), ctx, a, { preChecksAwaited: true }),
    };
  }

  /** A compute host's instance update, with the action events it folded into the same call. */
  async #instanceUpdate(ctx: RequestContext, a: InstanceUpdateArgs): Promise<Instance | null> {
    const cell = this.deps.localCell;
    if (a.events?.finish) await cell.instanceActions.eventFinish(a.uuid, ctx.request_id, a.events.finish);
    const before = await this.#beforeSave(a.uuid);
    // NOTE(perf): the saved row costs a read of its own on MariaDB; it is read
    // only for the caller or for this conductor's instance.update notification.
    const wanted = a.return_instance !== false || before !== null;
    const updated = wanted
      ? await updateInstanceIdempotently(cell, a.uuid, a.values, a.expected)
      : await applyInstanceIdempotently(cell, a.uuid, a.values, a.expected);
    if (a.events?.start) await cell.instanceActions.eventStart(a.uuid, ctx.request_id, a.events.start);
    if (before && updated) await this.deps.instanceUpdates?.saved(ctx, before, updated);
    return a.return_instance === false ? null : updated;
  }

  /** The row before a save, read only when instance.update is sent (Nova's instance_update_and_get_original). */
  async #beforeSave(uuid: string): Promise<Instance | null> {
    if (!this.deps.instanceUpdates?.enabled) return null;
    return this.deps.localCell.instances.get(uuid);
  }

  #moveDeps(): MoveDeps {
    return {
      cells: this.deps.cells,
      api: this.deps.api,
      scheduler: this.deps.scheduler,
      compute: this.deps.compute,
      placement: this.deps.placement,
      clock: this.deps.clock,
      log: this.deps.log,
    };
  }

  /** Schedules new servers, then writes each into its host's cell and hands it to that host. */
  async scheduleAndBuildInstances(
    ctx: RequestContext,
    request: ScheduleAndBuildArgs,
    redelivered = false,
  ): Promise<void> {
    const args = redelivered ? await resumeRedeliveredBuild(this.deps, ctx, request) : request;
    if (args.instance_uuids.length === 0) return;
    let selections: Selection[][];
    try {
      selections = await this.deps.scheduler.selectDestinations(ctx, {
        spec: await setupInstanceGroup(this.deps.api, this.deps.cells, args.request_spec),
        instance_uuids: args.instance_uuids,
        return_alternates: true,
        ...(redelivered ? { replace_allocations: true } : {}),
      });
    } catch (err) {
      const text = (err as Error).message;
      // NOTE(nova): users see Nova's two sentences; the per-filter roll-up (`detail`) goes to details.
      const message = isNoValidHost(err)
        ? `No valid host was found. ${err.reason}`.trim()
        : 'No valid host was found. ';
      this.deps.log?.('scheduling failed', { error: text });
      if (!isNoValidHost(err)) {
        // NOTE(lost reply): the scheduler may have claimed before its answer was lost; give that back.
        await Promise.allSettled(
          args.instance_uuids.map((uuid) => this.deps.placement.deleteAllocations(ctx, uuid)),
        );
      }
      await buryInCell0(this.deps, ctx, args.instance_uuids, { message, details: text });
      return;
    }
    await Promise.all(
      args.instance_uuids.map((uuid, i) =>
        this.#placeOne(ctx, uuid, selections[i], args, redelivered).catch((err) =>
          this.#failBuild(ctx, uuid, err),
        ),
      ),
    );
  }

  async #placeOne(
    ctx: RequestContext,
    uuid: string,
    hostList: Selection[],
    args: ScheduleAndBuildArgs,
    redelivered = false,
  ): Promise<void> {
    const [selected, ...alternates] = hostList;
    const cellUuid = await this.#hostCells.cellOf(selected.service_host);
    const cell = await this.deps.cells.get(cellUuid);
    const br = await this.deps.api.buildRequests.get(uuid);
    if (!br) {
      // Deleted by its owner while it was scheduled: give the claim back.
      await this.deps.placement.deleteAllocations(ctx, uuid);
      return;
    }
    const instance = {
      ...br.instance,
      host: selected.service_host,
      node: selected.nodename,
      // NOTE(nova): a server that asked for no zone shows the zone of the host it landed on.
      availability_zone:
        br.instance.availability_zone ??
        (await this.deps.hostZones?.zoneOf(selected.service_host)) ??
        this.deps.defaultAvailabilityZone,
    };
    // NOTE(redelivery): a conductor that died between writing the instance and deleting its
    // build request left a row no host was handed yet; it takes this placement instead.
    const leftover = redelivered ? await cell.instances.get(uuid) : null;
    if (leftover) {
      const taken = await cell.instances.update(uuid, {
        host: instance.host,
        node: instance.node,
        availability_zone: instance.availability_zone,
      });
      await this.deps.instanceUpdates?.saved(ctx, leftover, taken);
    } else {
      await cell.instances.create(instance);
      // NOTE(nova): the conductor reports the new row (send_update_with_states from nowhere to
      // building), which Nova's payload fills with the instance's current states on both sides.
      await this.deps.instanceUpdates?.saved(ctx, instance, instance, 'conductor');
    }
    // NOTE(nova): the create action is recorded once the instance exists in its cell (conductor).
    await cell.instanceActions.start({
      action: 'create',
      instance_uuid: uuid,
      request_id: ctx.request_id,
      user_id: instance.user_id,
      project_id: instance.project_id,
      start_time: instance.created_at,
    });
    await this.deps.api.instanceMappings.setCell(uuid, cellUuid);
    if (!(await this.deps.api.buildRequests.delete(uuid))) {
      await cell.instances.softDelete(uuid);
      await this.deps.placement.deleteAllocations(ctx, uuid);
      return;
    }
    await this.deps.compute.buildAndRunInstance(ctx, selected.service_host, {
      instance,
      request_spec: { ...args.request_spec, instance_uuid: uuid },
      image: args.image,
      admin_password: args.admin_password,
      node: selected.nodename,
      host_list: alternates,
    });
  }

  async #failBuild(ctx: RequestContext, uuid: string, err: unknown): Promise<void> {
    this.deps.log?.('build failed in conductor', { instance: uuid, error: (err as Error).message });
    await this.deps.placement.deleteAllocations(ctx, uuid).catch(() => {});
    await buryInCell0(this.deps, ctx, [uuid], {
      message: (err as Error).message,
      details: String((err as Error).stack ?? ''),
    });
  }

  /** A build failed on a host: claim the next alternate and try there (Nova's reschedule). */
  async buildInstances(ctx: RequestContext, args: RebuildOnAlternateArgs): Promise<void> {
    const uuid = args.instance.uuid;
    const remaining = [...args.host_list];
    while (remaining.length > 0) {
      const next = remaining.shift()!;
      const request = next.allocation_request ? JSON.parse(next.allocation_request) : null;
      const claimed = request
        ? await this.deps.placement.claimResources(
            ctx,
            uuid,
            request,
            { project_id: args.instance.project_id, user_id: args.instance.user_id },
            null,
          )
        : true;
      if (!claimed) continue;
      const cell = await this.deps.cells.get(await this.#hostCells.cellOf(next.service_host));
      const rescheduled = startChange('reschedule');
      const instance = await cell.instances.update(
        uuid,
        { host: next.service_host, node: next.nodename, ...rescheduled.values },
        { task_state: ['scheduling'] },
      );
      await this.deps.instanceUpdates?.saved(ctx, args.instance, instance);
      await this.deps.compute.buildAndRunInstance(ctx, next.service_host, {
        instance,
        request_spec: args.request_spec,
        image: args.image,
        admin_password: args.admin_password,
        node: next.nodename,
        host_list: remaining,
      });
      return;
    }
    const cell = await this.deps.cells.get(await this.#hostCells.cellOf(args.failed_host));
    const now = new Date(this.deps.clock.now()).toISOString();
    const failed = await cell.instances.update(uuid, { ...errorChange().values, host: null, node: null });
    await this.deps.instanceUpdates?.saved(ctx, args.instance, failed);
    await cell.instances.addFault({
      instance_uuid: uuid,
      code: 500,
      message: `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${uuid}.`,
      details: args.reason,
      host: args.failed_host,
      created_at: now,
    });
  }
}
