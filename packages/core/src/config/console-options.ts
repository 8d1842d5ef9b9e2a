/**
 * nova.conf options of the consoles: the token lifetime, the allowed
 * origins, the proxies' listen addresses and public base URLs, and which
 * console types a compute host serves (Nova's `nova/conf/{consoleauth,
 * console,vnc,spice,serial_console,rdp,mks,novnc}.py`). Novats-only options
 * say so in their help.
 */
import { Opt } from './option-types.js';

/** Keys added to the `[vnc]` group (its other keys sit in nova-options.ts). */
export const VNC_PROXY_OPTIONS = {
  novncproxy_host: Opt.str('0.0.0.0', 'IP address that the noVNC console proxy should bind to.', {
    deprecatedNames: [{ group: 'DEFAULT', name: 'novncproxy_host' }],
  }),
  xvpvncproxy_base_url: Opt.str('http://127.0.0.1:6081/console', 'Public URL of the XVP VNC proxy.'),
  xvpvncproxy_host: Opt.str('0.0.0.0', 'IP address that the XVP VNC console proxy should bind to.'),
  xvpvncproxy_port: Opt.port(6081, 'Port that the XVP VNC console proxy should bind to.'),
  novnc_web: Opt.str(
    null,
    "Novats only: directory of a noVNC install to serve (e.g. Debian's /usr/share/novnc); the npm @novnc/novnc client when unset.",
  ),
};

export const CONSOLE_OPTION_GROUPS = {
  consoleauth: {
    token_ttl: Opt.int(600, 'The lifetime of a console auth token (in seconds).', {
      min: 0,
      deprecatedNames: [{ group: 'DEFAULT', name: 'console_token_ttl' }],
    }),
  },
  console: {
    allowed_origins: Opt.list([], 'Hostnames allowed as the Origin of console websocket connections.', {
      deprecatedNames: [{ group: 'DEFAULT', name: 'console_allowed_origins' }],
    }),
  },
  spice: {
    enabled: Opt.bool(false, 'Enable SPICE related features.'),
    server_listen: Opt.str('127.0.0.1', 'The IP address on which instances listen for SPICE connections.'),
    html5proxy_base_url: Opt.str(
      'http://127.0.0.1:6082/spice_auto.html',
      'Location of the SPICE HTML5 console proxy.',
    ),
    html5proxy_host: Opt.str('0.0.0.0', 'IP address on which the SPICE HTML5 console proxy listens.'),
    html5proxy_port: Opt.port(6082, 'Port on which the SPICE HTML5 console proxy listens.'),
    html5_web: Opt.str(
      null,
      "Novats only: directory of a spice-html5 install to serve (e.g. Debian's /usr/share/spice-html5); the npm @spice-project/spice-html5 client when unset.",
    ),
  },
  serial_console: {
    enabled: Opt.bool(false, 'Enable the serial console feature.'),
    base_url: Opt.str(
      'ws://127.0.0.1:6083/',
      'The URL an end user would use to connect to the serial proxy.',
    ),
    serialproxy_host: Opt.str('0.0.0.0', 'The IP address which is used by the nova-serialproxy service.'),
    serialproxy_port: Opt.port(6083, 'The port number which is used by the nova-serialproxy service.'),
  },
  rdp: {
    enabled: Opt.bool(false, 'Enable Remote Desktop Protocol (RDP) related features.'),
    html5_proxy_base_url: Opt.str('http://127.0.0.1:6083/', 'The URL used to get an RDP HTML5 console.'),
  },
  mks: {
    enabled: Opt.bool(false, 'Enables graphical console access for virtual machines.'),
    mksproxy_base_url: Opt.str('http://127.0.0.1:6090/', 'Location of the MKS web console proxy.'),
  },
};

/** `[DEFAULT]` options of the websocket proxies (Nova registers them as CLI options too). */
export const CONSOLE_PROXY_DEFAULT_OPTIONS = {
  web: Opt.str(
    '/usr/share/spice-html5',
    'Path to directory with content which will be served by a web server.',
  ),
};
