/**
 * nova-consoleauth's manager (Nova's `ConsoleAuthManager` up to Stein, on
 * the `consoleauth` topic): `check_token` finds the token's authorization in
 * the cell databases, then checks, as `_validate_token` did, that the
 * instance still exists with a host and that the host still serves the
 * console on that port (`validate_console_port`). Tokens are never logged.
 */
import type { ApiDatabase, Clock, Instance, Logger, RequestContext, RpcEndpoint } from '@novats/core';
import { TaskState } from '@novats/core';
import type { CellRegistry } from '../cells/cell-registry.js';
import type { ComputeConsoleRpcApi } from '../rpc/compute-console-rpcapi.js';
import {
  authorizeConsoleWithToken,
  findConsoleAuthorization,
  purgeExpiredConsoleAuthorizations,
} from './console-authorizations.js';
import type { AuthorizeConsoleArgs, ConsoleConnection } from './consoleauth-rpcapi.js';

export interface ConsoleAuthManagerDeps {
  readonly api: ApiDatabase;
  readonly cells: CellRegistry;
  readonly compute: ComputeConsoleRpcApi;
  readonly clock: Clock;
  /** `[consoleauth] token_ttl` in seconds. */
  readonly tokenTtl: number;
  readonly logger: Logger;
}

export class ConsoleAuthManager {
  constructor(private readonly deps: ConsoleAuthManagerDeps) {}

  endpoint(): RpcEndpoint {
    return {
      check_token: (ctx, a: { token: string }) => this.checkToken(ctx, String(a?.token ?? '')),
      authorize_console: (_ctx, a: AuthorizeConsoleArgs) => this.authorizeConsole(a),
      delete_tokens_for_instance: (_ctx, a: { instance_uuid: string }) =>
        this.deleteTokensForInstance(a.instance_uuid),
    };
  }

  async checkToken(ctx: RequestContext, token: string): Promise<ConsoleConnection | null> {
    const record = await findConsoleAuthorization(this.deps.cells, token, this.deps.clock.now());
    const connection = record && (await this.#stillServed(ctx, record)) ? record : null;
    this.deps.logger.info(`Checking that token is known: ${connection !== null}`);
    if (!connection) return null;
    return {
      instance_uuid: connection.instance_uuid,
      console_type: connection.console_type,
      host: connection.host,
      port: connection.port,
      internal_access_path: connection.internal_access_path,
      access_url_base: connection.access_url_base,
    };
  }

  /** The instance exists, has a host, and that host still answers on the token's port. */
  async #stillServed(ctx: RequestContext, record: ConsoleConnection): Promise<boolean> {
    const instance = await this.#instance(record.instance_uuid);
    // NOTE(delete): a token dies with its instance, already while the host tears it down.
    if (!instance?.host || instance.task_state === TaskState.DELETING) return false;
    return this.deps.compute
      .validateConsolePort(ctx, instance.host, {
        instance,
        port: record.port,
        console_type: record.console_type,
      })
      .catch(() => false);
  }

  async #instance(uuid: string): Promise<Instance | null> {
    const mapping = await this.deps.api.instanceMappings.get(uuid);
    if (!mapping?.cell_uuid) return null;
    return (await this.deps.cells.get(mapping.cell_uuid)).instances.get(uuid);
  }

  /** The pre-Rocky API's call: store a token the caller made, for `token_ttl`. */
  async authorizeConsole(a: AuthorizeConsoleArgs): Promise<void> {
    const mapping = await this.deps.api.instanceMappings.get(a.instance_uuid);
    if (!mapping?.cell_uuid) return;
    const cell = await this.deps.cells.get(mapping.cell_uuid);
    await authorizeConsoleWithToken(
      cell.consoleAuthTokens,
      a.token,
      {
        console_type: a.console_type,
        host: a.host,
        port: a.port,
        internal_access_path: a.internal_access_path,
        instance_uuid: a.instance_uuid,
        access_url_base: a.access_url?.split('?')[0] ?? null,
      },
      this.deps.clock.now(),
      this.deps.tokenTtl,
    );
  }

  /** The periodic clean-up of expired tokens in every cell. */
  async purgeExpired(): Promise<number> {
    return purgeExpiredConsoleAuthorizations(this.deps.cells, this.deps.clock.now());
  }

  async deleteTokensForInstance(instanceUuid: string): Promise<void> {
    for (const { db } of await this.deps.cells.all())
      await db.consoleAuthTokens.deleteForInstance(instanceUuid);
  }
}
