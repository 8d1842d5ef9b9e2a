/**
 * nova-serialproxy: the websocket to an instance's serial port on
 * `[serial_console] serialproxy_host:serialproxy_port` (6083), the URL
 * `[serial_console] base_url` hands out (`ws://127.0.0.1:6083/?token=...`).
 * Nova's serial proxy serves no web client; the token and Origin checks are
 * those of the other websocket proxies. Tokens go to nova-consoleauth over
 * the bus; no database.
 */
import { consoleProxyService, websocketProxyPlan } from './console-proxy-service.js';

export const NovaSerialProxyService = consoleProxyService('nova-serialproxy', (c) =>
  websocketProxyPlan('nova-serialproxy', c, {
    ...c.listen.serial,
    consoleTypes: ['serial'],
    site: async () => ({ status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not Found\n' }),
  }),
);
