/**
 * Client side of nova-compute's console calls (`get_vnc_console`,
 * `get_spice_console`, `get_serial_console`, `get_rdp_console`,
 * `get_mks_console`, `validate_console_port`), sent to `compute.<host>` on
 * the host's cell transport. They are calls: the API and nova-consoleauth
 * wait for the host's answer.
 */
import type { ConsoleConnectInfo, Instance, RequestContext, Transport } from '@novats/core';
import type { HostTransportRoute } from '../cells/host-transports.js';
import { Topic } from './topics.js';

/** The remote-consoles protocols, each answered by `get_<protocol>_console` on the host. */
export type RemoteConsoleProtocol = 'vnc' | 'spice' | 'serial' | 'rdp' | 'mks';

export interface GetConsoleArgs {
  readonly instance: Instance;
  readonly console_type: string;
}

export interface ValidateConsolePortArgs extends GetConsoleArgs {
  readonly port: number;
}

export class ComputeConsoleRpcApi {
  readonly #route: HostTransportRoute;

  constructor(
    via: Transport | HostTransportRoute,
    private readonly timeoutMs = 60_000,
  ) {
    this.#route = typeof via === 'function' ? via : async () => via;
  }

  async #call<T>(ctx: RequestContext, host: string, method: string, args: unknown): Promise<T> {
    const transport = await this.#route(host);
    return transport.call<T>(ctx, { topic: Topic.COMPUTE, server: host }, method, args, {
      timeoutMs: this.timeoutMs,
    });
  }

  /** Where the proxy reaches the instance's console of `protocol`; typed errors as the host raised them. */
  getConsole(
    ctx: RequestContext,
    host: string,
    protocol: RemoteConsoleProtocol,
    args: GetConsoleArgs,
  ): Promise<ConsoleConnectInfo> {
    return this.#call(ctx, host, `get_${protocol}_console`, args);
  }

  /** Nova's validate_console_port: whether `port` is still the instance's console port. */
  validateConsolePort(ctx: RequestContext, host: string, args: ValidateConsolePortArgs): Promise<boolean> {
    return this.#call(ctx, host, 'validate_console_port', args);
  }
}
