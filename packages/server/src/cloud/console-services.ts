/**
 * The console services of the all-in-one cloud: nova-consoleauth and the
 * four proxies (noVNC, XVP, SPICE HTML5, serial), on `bind`. When nova.conf does not set a proxy's public
 * base URL, the API hands out URLs of the proxy as it actually listens
 * (a free port in tests), through a child scope for nova-api.
 */
import type { ConsoleSettings } from '../consoleauth/console-settings.js';
import type { DeploymentScope } from '../container/deployment-scope.js';
import { NovaConsoleAuthService } from '../services/nova-consoleauth.js';
import { NovaNoVncProxyService } from '../services/nova-novncproxy.js';
import { NovaSerialProxyService } from '../services/nova-serialproxy.js';
import { NovaSpiceHtml5ProxyService } from '../services/nova-spicehtml5proxy.js';
import { NovaXvpVncProxyService } from '../services/nova-xvpvncproxy.js';
import { type RunningService, startService } from '../services/running-service.js';

export interface ConsolePorts {
  readonly compute?: number;
  readonly novncproxy?: number;
  readonly xvpvncproxy?: number;
  readonly spicehtml5proxy?: number;
  readonly serialproxy?: number;
}

export interface StartedConsoles {
  readonly running: RunningService[];
  readonly endpoints: {
    novncproxy: string;
    xvpvncproxy: string;
    spicehtml5proxy: string;
    serialproxy: string;
  };
  /** The scope nova-api starts from: its console URLs name these proxies. */
  readonly apiScope: DeploymentScope;
}

export async function startConsoleServices(
  scope: DeploymentScope,
  opts: { readonly bind: string; readonly ports?: ConsolePorts },
): Promise<StartedConsoles> {
  const c = scope.settings.consoles;
  // NOTE(tests): a cloud on a free compute port is one of many at once; its proxies take free ports too.
  const port = (given: number | undefined, configured: number) =>
    given ?? (opts.ports?.compute === 0 ? 0 : configured);
  const listen = {
    novnc: { host: opts.bind, port: port(opts.ports?.novncproxy, c.listen.novnc.port) },
    xvpvnc: { host: opts.bind, port: port(opts.ports?.xvpvncproxy, c.listen.xvpvnc.port) },
    spicehtml5: { host: opts.bind, port: port(opts.ports?.spicehtml5proxy, c.listen.spicehtml5.port) },
    serial: { host: opts.bind, port: port(opts.ports?.serialproxy, c.listen.serial.port) },
  };
  const proxyScope = scope.child({ consoles: { ...c, listen } });
  const running: RunningService[] = [await startService(scope, NovaConsoleAuthService)];
  const novnc = await startService(proxyScope, NovaNoVncProxyService);
  const xvp = await startService(proxyScope, NovaXvpVncProxyService);
  const spice = await startService(proxyScope, NovaSpiceHtml5ProxyService);
  const serial = await startService(proxyScope, NovaSerialProxyService);
  running.push(novnc, xvp, spice, serial);
  const set = (group: string, name: string) => scope.conf.isSet(group, name);
  const baseUrls: ConsoleSettings['baseUrls'] = {
    ...c.baseUrls,
    ...(set('vnc', 'novncproxy_base_url') ? {} : { novnc: `${novnc.url}/vnc_auto.html` }),
    ...(set('vnc', 'xvpvncproxy_base_url') ? {} : { xvpvnc: `${xvp.url}/console` }),
    ...(set('spice', 'html5proxy_base_url') ? {} : { 'spice-html5': `${spice.url}/spice_auto.html` }),
    ...(set('serial_console', 'base_url') ? {} : { serial: `${serial.url.replace(/^http/, 'ws')}/` }),
  };
  return {
    running,
    endpoints: {
      novncproxy: novnc.url,
      xvpvncproxy: xvp.url,
      spicehtml5proxy: spice.url,
      serialproxy: serial.url,
    },
    apiScope: scope.child({ consoles: { ...c, baseUrls } }),
  };
}
