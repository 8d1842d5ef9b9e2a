/**
 * nova-novncproxy: noVNC's page and the websocket to the instance's VNC
 * server, on `[vnc] novncproxy_host:novncproxy_port` (6080). The web client
 * is the npm @novnc/novnc one, or the directory `[vnc] novnc_web` (else
 * `[DEFAULT] web`) names, e.g. Debian's /usr/share/novnc. Tokens go to
 * nova-consoleauth's `check_token` over the bus; no database.
 */
import { describeWebClient, noVncPackage } from '../console-proxy/web-client-packages.js';
import { directorySite, npmNoVncSite } from '../console-proxy/web-site.js';
import { consoleProxyService, websocketProxyPlan } from './console-proxy-service.js';

export const NovaNoVncProxyService = consoleProxyService('nova-novncproxy', (c) =>
  websocketProxyPlan(
    'nova-novncproxy',
    c,
    {
      ...c.listen.novnc,
      consoleTypes: ['novnc'],
      site: c.web.novnc ? directorySite(c.web.novnc, 'vnc_lite.html') : npmNoVncSite(),
    },
    `web client: ${c.web.novnc ?? describeWebClient(noVncPackage())}`,
  ),
);
