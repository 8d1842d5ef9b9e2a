/**
 * nova-serialproxy: the websocket to an instance's serial port on
 * `[serial_console] serialproxy_host:serialproxy_port` (6083), the URL
 * `[serial_console] base_url` hands out (`ws://127.0.0.1:6083/?token=...`).
 * Nova's serial proxy serves no web client; the token and Origin checks are
 * those of the other websocket proxies. Tokens go to nova-consoleauth over
 * the bus; no database.
 */
import type { Logger, Transport } from '@novats/core';
import { Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { consoleAuthorityOverRpc } from '../console-proxy/console-authority.js';
import { type RunningProxy, startWebsocketProxy } from '../console-proxy/websocket-proxy.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';

@injectable()
export class NovaSerialProxyService {
  static readonly needs = [Tokens.Transport];

  constructor(
    @inject(Tokens.Transport) private readonly transport: Transport,
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async start(): Promise<RunningProxy> {
    const c = this.settings.consoles;
    const proxy = await startWebsocketProxy({
      name: 'nova-serialproxy',
      ...c.listen.serial,
      consoleTypes: ['serial'],
      authority: consoleAuthorityOverRpc(this.transport, this.settings.rpcTimeoutMs, 'serialproxy'),
      allowedOrigins: c.allowedOrigins,
      site: async () => ({ status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not Found\n' }),
      logger: this.logger,
    });
    this.logger.info(`nova-serialproxy listening on ${proxy.url}`);
    return proxy;
  }
}
