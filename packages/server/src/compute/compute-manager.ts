/**
 * nova-compute for one host: builds and tears down guests through its virt
 * driver, writes instance state only through the conductor, reports
 * capacity to placement, and hands failed builds back for a reschedule.
 */
import type { Clock, Instance, PlacementClient, RequestContext, RpcEndpoint, VirtDriver } from '@novats/core';
import { adminContext, PowerState, TaskState, VmState } from '@novats/core';
import type { ConsoleSettings } from '../consoleauth/console-settings.js';
import { allocateFixedAddress } from '../network/fake-network.js';
import type { BuildAndRunArgs, RebootInstanceArgs } from '../rpc/compute-rpcapi.js';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { consoleEndpoint, DEFAULT_CONSOLES_ENABLED } from './compute-consoles.js';
import { buildConfigDrive, type ConfigDriveOptions } from './config-drive-builder.js';
import { isUnexpectedState, type PowerAction, runPowerAction } from './instance-power-actions.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { ResourceTracker } from './resource-tracker.js';

export interface ComputeManagerDeps {
  readonly host: string;
  readonly driver: VirtDriver;
  readonly conductor: ConductorRpcApi;
  readonly placement: PlacementClient;
  readonly resourceTracker: ResourceTracker;
  readonly clock: Clock;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Which console types this host serves (`[vnc] enabled`, ...); Nova's defaults when absent. */
  readonly consoles?: ConsoleSettings['enabled'];
  /** `[DEFAULT] force_config_drive` and `config_drive_skip_versions`; absent: no config drives. */
  readonly configDrive?: ConfigDriveOptions;
}

export class ComputeManager {
  readonly #locks = new KeyedMutex();

  constructor(private readonly deps: ComputeManagerDeps) {}

  endpoint(): RpcEndpoint {
    return {
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
        await this.deps.conductor.instanceUpdate(ctx, instance.uuid, {
          vm_state: VmState.ERROR,
          task_state: null,
        });
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

  /** Reports this host's nodes; called at start-up and by the periodic task. */
  async updateAvailableResource(): Promise<void> {
    const ctx = adminContext(`req-periodic-${this.deps.host}`);
    const instances = await this.deps.conductor.instancesOnHost(ctx, this.deps.host);
    await this.deps.resourceTracker.updateAvailableResource(ctx, instances);
  }

  async buildAndRunInstance(ctx: RequestContext, args: BuildAndRunArgs): Promise<void> {
    const { conductor, driver } = this.deps;
    const uuid = args.instance.uuid;
    let instance: Instance;
    try {
      // NOTE(perf): the flat network allocates without I/O, so Nova's separate
      // networking save would be visible for one round trip only; the address
      // and spawning are written in one guarded update instead.
      const address = allocateFixedAddress(args.instance);
      instance = await conductor.instanceUpdate(
        ctx,
        uuid,
        { task_state: TaskState.SPAWNING, addresses: [address] },
        { task_state: [TaskState.SCHEDULING, null], vm_state: [VmState.BUILDING] },
      );
    } catch (err) {
      if (isUnexpectedState(err)) return; // deleted while waiting: terminate_instance cleans up
      throw err;
    }
    try {
      const configDrive = this.deps.configDrive
        ? await buildConfigDrive(conductor, ctx, instance, this.deps.configDrive)
        : null;
      await driver.spawn(instance, args.image, {
        adminPass: args.admin_password,
        ...(configDrive ? { configDrive } : {}),
      });
    } catch (err) {
      await this.#reschedule(ctx, instance, args, err as Error);
      return;
    }
    try {
      await conductor.instanceUpdate(
        ctx,
        uuid,
        {
          vm_state: VmState.ACTIVE,
          task_state: null,
          power_state: PowerState.RUNNING,
          launched_at: new Date(this.deps.clock.now()).toISOString(),
        },
        { task_state: [TaskState.SPAWNING] },
      );
    } catch (err) {
      if (!isUnexpectedState(err)) throw err;
    }
  }

  async #reschedule(
    ctx: RequestContext,
    instance: Instance,
    args: BuildAndRunArgs,
    error: Error,
  ): Promise<void> {
    const { conductor, driver, placement, host } = this.deps;
    this.deps.log?.('spawn failed', { instance: instance.uuid, host, error: error.message });
    await driver.destroy(instance).catch(() => {});
    await placement.deleteAllocations(ctx, instance.uuid);
    try {
      // NOTE(nova): the conductor decides; with no alternate left it raises MaxRetriesExceeded.
      const moved = await conductor.instanceUpdate(
        ctx,
        instance.uuid,
        { task_state: TaskState.SCHEDULING, host: null, node: null, addresses: [] },
        { task_state: [TaskState.SPAWNING] },
      );
      await conductor.buildInstances(ctx, {
        instance: moved,
        request_spec: args.request_spec,
        image: args.image,
        admin_password: args.admin_password,
        host_list: args.host_list,
        failed_host: host,
        reason: error.message,
      });
    } catch (err) {
      if (!isUnexpectedState(err)) throw err;
    }
  }

  async terminateInstance(ctx: RequestContext, instance: Instance): Promise<void> {
    await this.deps.driver.destroy(instance);
    await this.deps.placement.deleteAllocations(ctx, instance.uuid);
    await this.deps.conductor
      .instanceUpdate(ctx, instance.uuid, {
        task_state: null,
        power_state: PowerState.NOSTATE,
        terminated_at: new Date(this.deps.clock.now()).toISOString(),
      })
      .catch((err) => {
        if (!isUnexpectedState(err)) throw err;
      });
    await this.deps.conductor.instanceDestroy(ctx, instance.uuid);
  }
}
