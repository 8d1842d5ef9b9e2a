/**
 * Client side of the conductor's RPC interface: the build orchestration the
 * API hands over (ComputeTaskAPI) and the database access compute hosts use
 * instead of talking to the database (Nova's object indirection).
 */
import type {
  ComputeNode,
  ExpectedState,
  Flavor,
  ImageMeta,
  Instance,
  InstanceFault,
  InstanceUpdate,
  Migration,
  RequestContext,
  RequestInstanceGroup,
  RequestSpec,
  Selection,
  Service,
  TaskLog,
  TaskLogKey,
  Transport,
} from '@novats/core';
import { isNovaError } from '@novats/core';
import type { ShippedMetadata } from '../api/metadata/shipped-metadata.js';
import { Topic } from './topics.js';

export interface ScheduleAndBuildArgs {
  readonly instance_uuids: readonly string[];
  readonly request_spec: RequestSpec;
  readonly image: ImageMeta | null;
  readonly admin_password: string | null;
}

export interface RebuildOnAlternateArgs {
  readonly instance: Instance;
  readonly request_spec: RequestSpec;
  readonly image: ImageMeta | null;
  readonly admin_password: string | null;
  /** Hosts still to try, in order; the failed one is no longer among them. */
  readonly host_list: readonly Selection[];
  readonly failed_host: string;
  readonly reason: string;
}

/**
 * A move the conductor schedules (Nova's `migrate_server`, `live_migrate_instance`,
 * `rebuild_instance` for evacuate, `unshelve_instance`).
 */
export interface MoveInstanceArgs {
  readonly kind: 'resize' | 'migrate' | 'live-migration' | 'evacuation' | 'unshelve';
  readonly instance: Instance;
  /** The migration record (not for unshelve). */
  readonly migration: Migration | null;
  /** The flavor to run with (the new one for a resize). */
  readonly flavor: Flavor;
  /** A host the operator asked for; null: the scheduler chooses. */
  readonly host: string | null;
  readonly image: ImageMeta | null;
  /** The cell the instance lives in. */
  readonly cell_uuid: string;
  /** Evacuate and unshelve: the admin password to set (Nova's `adminPass`). */
  readonly admin_password?: string | null;
  /** Resize to the same host is allowed (`[DEFAULT] allow_resize_to_same_host`). */
  readonly allow_same_host?: boolean;
}

/** An event of the request's instance action, as `actionEventStart` takes it. */
export interface ActionEventStart {
  readonly event: string;
  readonly host: string | null;
  readonly start_time: string;
}

/** The end of such an event, as `actionEventFinish` takes it. */
export interface ActionEventFinish {
  readonly event: string;
  readonly finish_time: string;
  readonly result: 'Success' | 'Error';
  readonly traceback?: string | null;
}

/**
 * Action events recorded by the same conductor call as an instance update,
 * saving a round trip each: `finish` is written before the update (the work
 * it timed is over whether or not the update applies), `start` after an
 * update that applied (work that begins in the new state).
 */
export interface FoldedActionEvents {
  readonly start?: ActionEventStart;
  readonly finish?: ActionEventFinish;
}

/** The arguments of `instance_update`. */
export interface InstanceUpdateArgs {
  readonly uuid: string;
  readonly values: InstanceUpdate;
  readonly expected?: ExpectedState;
  readonly events?: FoldedActionEvents;
  /** false: the caller needs no saved row back, the reply is null. */
  readonly return_instance?: boolean;
}

export class ConductorRpcApi {
  /**
   * @param retries how many more times a call that timed out is sent again.
   *   Compute hosts use it: their calls are safe to repeat (updates carry the
   *   expected state, so a repeat of one that did apply fails as unexpected),
   *   and a reply lost to a broker restart must not leave an instance in BUILD.
   */
  constructor(
    private readonly transport: Transport,
    private readonly timeoutMs = 60_000,
    private readonly retries = 0,
  ) {}

  scheduleAndBuildInstances(ctx: RequestContext, args: ScheduleAndBuildArgs): Promise<void> {
    return this.transport.cast(ctx, { topic: Topic.CONDUCTOR }, 'schedule_and_build_instances', args);
  }

  /** Reschedule after a failed build (Nova's build_instances with a host_list). */
  buildInstances(ctx: RequestContext, args: RebuildOnAlternateArgs): Promise<void> {
    return this.transport.cast(ctx, { topic: Topic.CONDUCTOR }, 'build_instances', args);
  }

  instanceUpdate(
    ctx: RequestContext,
    uuid: string,
    values: InstanceUpdate,
    expected?: ExpectedState,
    events?: FoldedActionEvents,
  ): Promise<Instance> {
    return this.#call(
      ctx,
      'instance_update',
      events ? { uuid, values, expected, events } : { uuid, values, expected },
    );
  }

  /**
   * `instanceUpdate` for a host that does not need the saved row back: the
   * conductor skips reading it (unless its own instance.update notification
   * needs it) and replies null. Conductors that predate `return_instance`
   * ignore it and reply with the row, which is dropped here.
   */
  async instanceApply(
    ctx: RequestContext,
    uuid: string,
    values: InstanceUpdate,
    expected?: ExpectedState,
    events?: FoldedActionEvents,
  ): Promise<void> {
    const args: InstanceUpdateArgs = {
      uuid,
      values,
      expected,
      ...(events ? { events } : {}),
      return_instance: false,
    };
    await this.#call(ctx, 'instance_update', args);
  }

  instanceFaultCreate(ctx: RequestContext, fault: InstanceFault): Promise<void> {
    return this.#call(ctx, 'instance_fault_create', { fault });
  }

  /**
   * Soft-deletes an instance and its console tokens; `values` (the compute
   * host's last word on it, e.g. its power_state) are written first in the
   * same call. An instance already gone is not an error.
   */
  instanceDestroy(ctx: RequestContext, uuid: string, values?: InstanceUpdate): Promise<void> {
    return this.#call(ctx, 'instance_destroy', values ? { uuid, values } : { uuid });
  }

  instanceGet(ctx: RequestContext, uuid: string): Promise<Instance | null> {
    return this.#call(ctx, 'instance_get', { uuid });
  }

  /** What the metadata service would say about an instance (for its config drive); null when it is gone. */
  instanceMetadata(ctx: RequestContext, uuid: string): Promise<ShippedMetadata | null> {
    return this.#call(ctx, 'instance_get_metadata', { uuid });
  }

  /**
   * The server group as it is now, the hosts of `exclude` left out (the
   * compute host's late policy check, Nova's InstanceGroup upcall); null when it is gone.
   */
  instanceGroupGet(
    ctx: RequestContext,
    groupUuid: string,
    exclude: readonly string[],
  ): Promise<RequestInstanceGroup | null> {
    return this.#call(ctx, 'instance_group_get', { uuid: groupUuid, exclude });
  }

  /** The host's instances, deleted ones too, active in [begin, end) (epoch ms): the usage audit's. */
  instancesActiveInPeriod(
    ctx: RequestContext,
    host: string,
    begin: number,
    end: number,
  ): Promise<Instance[]> {
    return this.#call(ctx, 'instance_get_active_by_window_joined', { host, begin, end });
  }

  /** Nova's TaskLog.get: the host's row for a periodic task's period, any state. */
  taskLogGet(ctx: RequestContext, key: TaskLogKey): Promise<TaskLog | null> {
    return this.#call(ctx, 'task_log_get', { key });
  }

  /** Nova's TaskLog.begin_task: RUNNING; TaskAlreadyRunning when the host has the period already. */
  taskLogBegin(ctx: RequestContext, key: TaskLogKey, taskItems: number, message: string): Promise<void> {
    return this.#call(ctx, 'task_log_begin_task', { key, task_items: taskItems, message });
  }

  /** Nova's TaskLog.end_task: DONE with the errors. */
  taskLogEnd(ctx: RequestContext, key: TaskLogKey, errors: number, message: string): Promise<void> {
    return this.#call(ctx, 'task_log_end_task', { key, errors, message });
  }

  instancesOnHost(ctx: RequestContext, host: string): Promise<Instance[]> {
    return this.#call(ctx, 'instance_get_all_by_host', { host });
  }

  serviceRegister(
    ctx: RequestContext,
    host: string,
    binary: string,
    topic: string,
    version: number,
  ): Promise<Service> {
    return this.#call(ctx, 'service_register', { host, binary, topic, version });
  }

  serviceHeartbeat(ctx: RequestContext, id: number): Promise<void> {
    return this.#call(ctx, 'service_heartbeat', { id });
  }

  /** Starts an event of the request's instance action (Nova's `InstanceActionEvent.event_start`). */
  actionEventStart(ctx: RequestContext, uuid: string, event: ActionEventStart): Promise<void> {
    return this.#call(ctx, 'action_event_start', { uuid, event });
  }

  /** Finishes it with 'Success' or 'Error' (Nova's `event_finish_with_failure`). */
  actionEventFinish(ctx: RequestContext, uuid: string, event: ActionEventFinish): Promise<void> {
    return this.#call(ctx, 'action_event_finish', { uuid, event });
  }

  /** Writes a migration record of this cell (status, dest_compute, ...). */
  migrationUpdate(
    ctx: RequestContext,
    id: number,
    patch: Partial<Omit<Migration, 'id' | 'uuid' | 'created_at'>>,
  ): Promise<Migration> {
    return this.#call(ctx, 'migration_update', { id, patch });
  }

  /** Nova's ComputeTaskAPI.cache_images: the conductor asks the aggregate's hosts to cache the images. */
  cacheImages(ctx: RequestContext, hosts: readonly string[], imageIds: readonly string[]): Promise<void> {
    return this.transport.cast(ctx, { topic: Topic.CONDUCTOR }, 'cache_images', {
      hosts,
      image_ids: imageIds,
    });
  }

  /** Hands a move (resize, migrate, evacuate, live migration, unshelve) to the conductor to schedule. */
  moveInstance(ctx: RequestContext, args: MoveInstanceArgs): Promise<void> {
    return this.transport.cast(ctx, { topic: Topic.CONDUCTOR }, 'move_instance', args);
  }

  /**
   * A live migration whose pre-checks (scheduling the destination) the caller
   * waits for (os-migrateLive before 2.34, Nova's synchronous
   * `migrate_server`): rejects with LiveMigrationPreCheckFailed (400) when
   * they fail, after the migration is marked 'error'. Not retried on a
   * timeout, since the move may already be under way.
   */
  liveMigrateInstanceSync(ctx: RequestContext, args: MoveInstanceArgs): Promise<void> {
    return this.transport.call(ctx, { topic: Topic.CONDUCTOR }, 'live_migrate_instance', args, {
      timeoutMs: this.timeoutMs,
    });
  }

  computeNodeSave(ctx: RequestContext, node: ComputeNode): Promise<ComputeNode> {
    return this.#call(ctx, 'compute_node_save', { node });
  }

  async #call<T>(ctx: RequestContext, method: string, args: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.transport.call<T>(ctx, { topic: Topic.CONDUCTOR }, method, args, {
          timeoutMs: this.timeoutMs,
        });
      } catch (err) {
        if (attempt >= this.retries || !isNovaError(err) || err.code !== 'nova.messaging_timeout') throw err;
      }
    }
  }
}
