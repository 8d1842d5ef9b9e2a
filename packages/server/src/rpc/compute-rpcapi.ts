/** Client side of nova-compute's RPC interface: casts to `compute.<host>`. */
import type { ImageMeta, Instance, RequestContext, RequestSpec, Selection, Transport } from '@novats/core';
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

export class ComputeRpcApi {
  readonly #route: (host: string) => Promise<Transport>;

  /** `via`: one transport for every host, or a route to each host's cell transport. */
  constructor(via: Transport | ((host: string) => Promise<Transport>)) {
    this.#route = typeof via === 'function' ? via : async () => via;
  }

  /** The guest's console log, the last `tailLength` lines when given (a call: the host answers). */
  async getConsoleOutput(
    ctx: RequestContext,
    host: string,
    instance: Instance,
    tailLength?: number,
  ): Promise<string> {
    const transport = await this.#route(host);
    return transport.call(ctx, { topic: Topic.COMPUTE, server: host }, 'get_console_output', {
      instance,
      tail_length: tailLength ?? null,
    });
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

  terminateInstance(ctx: RequestContext, host: string, instance: Instance): Promise<void> {
    return this.#cast(ctx, host, 'terminate_instance', {
      instance,
    });
  }
}
