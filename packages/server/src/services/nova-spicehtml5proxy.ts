/**
 * nova-spicehtml5proxy: spice-html5's page and the websocket to the
 * instance's SPICE server, on `[spice] html5proxy_host:html5proxy_port`
 * (6082). The web client is the npm spice-html5 package, or the directory
 * `[spice] html5_web` (else `[DEFAULT] web`) names. Tokens go to
 * nova-consoleauth over the bus; no database.
 */
import type { Logger, Transport } from '@novats/core';
import { Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { consoleAuthorityOverRpc } from '../console-proxy/console-authority.js';
import { directorySite, npmSpiceHtml5Site } from '../console-proxy/web-site.js';
import { type RunningProxy, startWebsocketProxy } from '../console-proxy/websocket-proxy.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';

@injectable()
export class NovaSpiceHtml5ProxyService {
  static readonly needs = [Tokens.Transport];

  constructor(
    @inject(Tokens.Transport) private readonly transport: Transport,
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async start(): Promise<RunningProxy> {
    const c = this.settings.consoles;
    const proxy = await startWebsocketProxy({
      name: 'nova-spicehtml5proxy',
      ...c.listen.spicehtml5,
      consoleTypes: ['spice-html5'],
      authority: consoleAuthorityOverRpc(this.transport, this.settings.rpcTimeoutMs, 'spicehtml5proxy'),
      allowedOrigins: c.allowedOrigins,
      site: c.web.spicehtml5 ? directorySite(c.web.spicehtml5, 'spice_auto.html') : npmSpiceHtml5Site(),
      logger: this.logger,
    });
    this.logger.info(`nova-spicehtml5proxy listening on ${proxy.url}`);
    return proxy;
  }
}
