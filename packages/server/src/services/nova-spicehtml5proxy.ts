/**
 * nova-spicehtml5proxy: spice-html5's page and the websocket to the
 * instance's SPICE server, on `[spice] html5proxy_host:html5proxy_port`
 * (6082). The web client is the npm spice-html5 package, or the directory
 * `[spice] html5_web` (else `[DEFAULT] web`) names. Tokens go to
 * nova-consoleauth over the bus; no database.
 */
import { describeWebClient, spiceHtml5Package } from '../console-proxy/web-client-packages.js';
import { directorySite, npmSpiceHtml5Site } from '../console-proxy/web-site.js';
import { consoleProxyService, websocketProxyPlan } from './console-proxy-service.js';

export const NovaSpiceHtml5ProxyService = consoleProxyService('nova-spicehtml5proxy', (c) =>
  websocketProxyPlan(
    'nova-spicehtml5proxy',
    c,
    {
      ...c.listen.spicehtml5,
      consoleTypes: ['spice-html5'],
      site: c.web.spicehtml5 ? directorySite(c.web.spicehtml5, 'spice_auto.html') : npmSpiceHtml5Site(),
    },
    `web client: ${c.web.spicehtml5 ?? describeWebClient(spiceHtml5Package())}`,
  ),
);
