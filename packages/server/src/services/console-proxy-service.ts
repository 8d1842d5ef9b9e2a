/**
 * What every console proxy service shares: built from the bus, the settings
 * and the logger, it asks nova-consoleauth about tokens over the bus (its
 * rpc name is the service name without `nova-`), starts its listener and
 * logs where it listens. The proxies differ only in that listener.
 */
import type { Logger, Transport } from '@novats/core';
import { Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { type ConsoleAuthority, consoleAuthorityOverRpc } from '../console-proxy/console-authority.js';
import {
  type RunningProxy,
  startWebsocketProxy,
  type WebsocketProxyOptions,
} from '../console-proxy/websocket-proxy.js';
import type { ConsoleSettings } from '../consoleauth/console-settings.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import type { ServiceClass } from './running-service.js';

export interface ConsoleProxyPlan {
  /** Starts the listener with the token authority. */
  start(authority: ConsoleAuthority, logger: Logger): Promise<RunningProxy>;
  /** Said after the URL in the "listening" log line (which web client it serves). */
  readonly note?: string;
}

/** The service class of the console proxy `name` (`nova-serialproxy`), whose listener `plan` describes. */
export function consoleProxyService(
  name: string,
  plan: (consoles: ConsoleSettings) => ConsoleProxyPlan,
): ServiceClass<RunningProxy> {
  @injectable()
  class ConsoleProxyService {
    static readonly needs = [Tokens.Transport];

    constructor(
      @inject(Tokens.Transport) private readonly transport: Transport,
      @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
      @inject(Tokens.Logger) private readonly logger: Logger,
    ) {}

    async start(): Promise<RunningProxy> {
      const { start, note } = plan(this.settings.consoles);
      const rpcName = name.replace(/^nova-/, '');
      const proxy = await start(
        consoleAuthorityOverRpc(this.transport, this.settings.rpcTimeoutMs, rpcName),
        this.logger,
      );
      this.logger.info(`${name} listening on ${proxy.url}${note ? ` (${note})` : ''}`);
      return proxy;
    }
  }
  return ConsoleProxyService;
}

/** A websocket proxy's plan: Origin checks by `[console] allowed_origins`, the rest given. */
export function websocketProxyPlan(
  name: string,
  consoles: ConsoleSettings,
  opts: Pick<WebsocketProxyOptions, 'host' | 'port' | 'consoleTypes' | 'site'>,
  note?: string,
): ConsoleProxyPlan {
  return {
    start: (authority, logger) =>
      startWebsocketProxy({ name, ...opts, authority, allowedOrigins: consoles.allowedOrigins, logger }),
    note,
  };
}
