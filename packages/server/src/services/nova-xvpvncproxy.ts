/**
 * nova-xvpvncproxy: the XVP client's plain-TCP console on `[vnc]
 * xvpvncproxy_host:xvpvncproxy_port` (6081). Tokens go to
 * nova-consoleauth over the bus; no database.
 */
import type { Logger, Transport } from '@novats/core';
import { Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { consoleAuthorityOverRpc } from '../console-proxy/console-authority.js';
import type { RunningProxy } from '../console-proxy/websocket-proxy.js';
import { startXvpProxy } from '../console-proxy/xvp-proxy.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';

@injectable()
export class NovaXvpVncProxyService {
  static readonly needs = [Tokens.Transport];

  constructor(
    @inject(Tokens.Transport) private readonly transport: Transport,
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async start(): Promise<RunningProxy> {
    const c = this.settings.consoles;
    const proxy = await startXvpProxy({
      ...c.listen.xvpvnc,
      authority: consoleAuthorityOverRpc(this.transport, this.settings.rpcTimeoutMs, 'xvpvncproxy'),
      logger: this.logger,
    });
    this.logger.info(`nova-xvpvncproxy listening on ${proxy.url}`);
    return proxy;
  }
}
