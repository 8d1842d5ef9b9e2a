/**
 * Client side of nova-consoleauth (topic `consoleauth`, as Nova up to
 * Stein): the proxies ask `check_token` for every connection; the older
 * `authorize_console` and `delete_tokens_for_instance` are served too.
 */
import type { RequestContext, Transport } from '@novats/core';
import { Topic } from '../rpc/topics.js';

/** What a valid token opens: where the proxy connects, and for which console. */
export interface ConsoleConnection {
  readonly instance_uuid: string;
  readonly console_type: string;
  readonly host: string;
  readonly port: number;
  readonly internal_access_path: string | null;
  readonly access_url_base: string | null;
}

export interface AuthorizeConsoleArgs {
  readonly token: string;
  readonly console_type: string;
  readonly host: string;
  readonly port: number;
  readonly internal_access_path: string | null;
  readonly instance_uuid: string;
  readonly access_url: string | null;
}

export class ConsoleAuthRpcApi {
  constructor(
    private readonly transport: Transport,
    private readonly timeoutMs = 60_000,
  ) {}

  /** The connection a token opens, or null when it is unknown, expired or its instance is gone. */
  checkToken(ctx: RequestContext, token: string): Promise<ConsoleConnection | null> {
    return this.transport.call(
      ctx,
      { topic: Topic.CONSOLEAUTH },
      'check_token',
      { token },
      {
        timeoutMs: this.timeoutMs,
      },
    );
  }

  authorizeConsole(ctx: RequestContext, args: AuthorizeConsoleArgs): Promise<void> {
    return this.transport.call(ctx, { topic: Topic.CONSOLEAUTH }, 'authorize_console', args, {
      timeoutMs: this.timeoutMs,
    });
  }

  deleteTokensForInstance(ctx: RequestContext, instanceUuid: string): Promise<void> {
    return this.transport.cast(ctx, { topic: Topic.CONSOLEAUTH }, 'delete_tokens_for_instance', {
      instance_uuid: instanceUuid,
    });
  }
}
