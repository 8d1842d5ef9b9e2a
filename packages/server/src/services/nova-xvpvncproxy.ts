/**
 * nova-xvpvncproxy: the XVP client's plain-TCP console on `[vnc]
 * xvpvncproxy_host:xvpvncproxy_port` (6081). Tokens go to
 * nova-consoleauth over the bus; no database.
 */
import { startXvpProxy } from '../console-proxy/xvp-proxy.js';
import { consoleProxyService } from './console-proxy-service.js';

export const NovaXvpVncProxyService = consoleProxyService('nova-xvpvncproxy', (c) => ({
  start: (authority, logger) => startXvpProxy({ ...c.listen.xvpvnc, authority, logger }),
}));
