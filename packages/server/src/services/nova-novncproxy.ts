/**
 * nova-novncproxy: noVNC's page and the websocket to the instance's VNC
 * server, on `[vnc] novncproxy_host:novncproxy_port` (6080). The web client
 * is the npm @novnc/novnc one, or the directory `[vnc] novnc_web` (else
 * `[DEFAULT] web`) names, e.g. Debian's /usr/share/novnc. Tokens go to
 * nova-consoleauth's `check_token` over the bus; no database.
 */
import type { Logger, Transport } from '@novats/core';
import { Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { consoleAuthorityOverRpc } from '../console-proxy/console-authority.js';
import { directorySite, npmNoVncSite } from '../console-proxy/web-site.js';
import { type RunningProxy, startWebsocketProxy } from '../console-proxy/websocket-proxy.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';

@injectable()
export class NovaNoVncProxyService {
  static readonly needs = [Tokens.Transport];

  constructor(
    @inject(Tokens.Transport) private readonly transport: Transport,
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async start(): Promise<RunningProxy> {
    const c = this.settings.consoles;
    const proxy = await startWebsocketProxy({
      name: 'nova-novncproxy',
      ...c.listen.novnc,
      consoleTypes: ['novnc'],
      authority: consoleAuthorityOverRpc(this.transport, this.settings.rpcTimeoutMs, 'novncproxy'),
      allowedOrigins: c.allowedOrigins,
      site: c.web.novnc ? directorySite(c.web.novnc, 'vnc_lite.html') : npmNoVncSite(),
      logger: this.logger,
    });
    this.logger.info(
      `nova-novncproxy listening on ${proxy.url} (web client: ${c.web.novnc ?? 'npm @novnc/novnc'})`,
    );
    return proxy;
  }
}
