/**
 * The one-service commands, named as operators know them, and what each
 * starts from the deployment scope. Extra command-line options are those of
 * the upstream entry points (placement's wsgi script takes --host/--port).
 */
import type { DeploymentScope, RunningService, ServiceSettings } from '@novats/server';
import { StartupError } from './startup-error.js';

type ServerModule = typeof import('@novats/server');

/**
 * NOTE(lazy): the server bundle costs ~0.4 s of CPU to load; --help and
 * command-line or nova.conf mistakes are answered without it.
 */
async function startFromServer(
  scope: DeploymentScope,
  pick: (server: ServerModule) => Parameters<ServerModule['startService']>[1],
): Promise<RunningService> {
  const server = await import('@novats/server');
  return server.startService(scope, pick(server));
}

export interface ServiceCommand {
  readonly binary: string;
  readonly summary: string;
  /** Extra string options besides --config-file and --debug. */
  readonly options?: Record<string, { readonly default: string; readonly help: string }>;
  /** Talks over the message bus, so `[DEFAULT] transport_url` must name a broker. */
  readonly usesBus: boolean;
  settings?(values: Record<string, string | undefined>): Partial<ServiceSettings>;
  start(scope: DeploymentScope): Promise<RunningService>;
}

/** A --port value; a typo must not become port NaN (a random port) silently. */
function portOption(name: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new StartupError(`--${name} ${value}: not a port number; give 0-65535`);
  return port;
}

const placementApi: ServiceCommand = {
  binary: 'placement-api',
  summary: 'the Placement API on [placement_database] (or [api_database]) connection',
  options: {
    host: { default: '0.0.0.0', help: 'address to listen on' },
    port: { default: '8778', help: 'port to listen on' },
  },
  usesBus: false,
  settings: (v) => ({
    placementApi: { host: v.host ?? '0.0.0.0', port: portOption('port', v.port ?? '8778') },
  }),
  start: (scope) => startFromServer(scope, (s) => s.PlacementApiService),
};

/**
 * A console proxy command; `--web DIR` (Nova's proxies take it too) serves
 * that directory as the web client, over what nova.conf says.
 */
function consoleProxy(
  binary: string,
  summary: string,
  web: 'novnc' | 'spicehtml5' | null,
  pick: Parameters<typeof startFromServer>[1],
): ServiceCommand {
  // NOTE(cli): read by settings() before start(); one process runs one command.
  let webDir: string | undefined;
  return {
    binary,
    usesBus: true,
    summary,
    ...(web ? { options: { web: { default: '', help: 'directory of the web client to serve' } } } : {}),
    settings: (values) => {
      webDir = values.web || undefined;
      return {};
    },
    start: (scope) => {
      if (!web || !webDir) return startFromServer(scope, pick);
      const consoles = scope.settings.consoles;
      return startFromServer(
        scope.child({ consoles: { ...consoles, web: { ...consoles.web, [web]: webDir } } }),
        pick,
      );
    },
  };
}

export const SERVICE_COMMANDS: Readonly<Record<string, ServiceCommand>> = {
  'nova-api': {
    binary: 'nova-api',
    usesBus: true,
    summary: 'the Compute API on osapi_compute_listen:osapi_compute_listen_port',
    start: (scope) => startFromServer(scope, (s) => s.NovaApiService),
  },
  'nova-conductor': {
    binary: 'nova-conductor',
    usesBus: true,
    summary: 'build orchestration and database access for compute hosts',
    start: (scope) => startFromServer(scope, (s) => s.NovaConductorService),
  },
  'nova-scheduler': {
    binary: 'nova-scheduler',
    usesBus: true,
    summary: 'picks hosts from placement candidates, filters and weighers',
    start: (scope) => startFromServer(scope, (s) => s.NovaSchedulerService),
  },
  'nova-compute': {
    binary: 'nova-compute',
    usesBus: true,
    summary: 'the compute host [DEFAULT] host, through compute_driver; no database access',
    start: (scope) => startFromServer(scope, (s) => s.NovaComputeService),
  },
  'novats-image': {
    binary: 'novats-image',
    usesBus: false,
    summary: 'the embedded image service (Glance v2) on [api_database] connection',
    options: {
      host: { default: '0.0.0.0', help: 'address to listen on' },
      port: { default: '9292', help: 'port to listen on' },
    },
    settings: (v) => ({
      imageApi: { host: v.host ?? '0.0.0.0', port: portOption('port', v.port ?? '9292') },
    }),
    start: (scope) => startFromServer(scope, (s) => s.ImageApiService),
  },
  'nova-consoleauth': {
    binary: 'nova-consoleauth',
    usesBus: true,
    summary: 'checks console tokens for the console proxies (consoleauth topic)',
    start: (scope) => startFromServer(scope, (s) => s.NovaConsoleAuthService),
  },
  'nova-novncproxy': consoleProxy(
    'nova-novncproxy',
    'noVNC console proxy on [vnc] novncproxy_host:novncproxy_port',
    'novnc',
    (s) => s.NovaNoVncProxyService,
  ),
  'nova-spicehtml5proxy': consoleProxy(
    'nova-spicehtml5proxy',
    'SPICE HTML5 console proxy on [spice] html5proxy_host:html5proxy_port',
    'spicehtml5',
    (s) => s.NovaSpiceHtml5ProxyService,
  ),
  'nova-serialproxy': consoleProxy(
    'nova-serialproxy',
    'serial console proxy on [serial_console] serialproxy_host:serialproxy_port',
    null,
    (s) => s.NovaSerialProxyService,
  ),
  'nova-xvpvncproxy': consoleProxy(
    'nova-xvpvncproxy',
    'XVP VNC console proxy on [vnc] xvpvncproxy_host:xvpvncproxy_port',
    null,
    (s) => s.NovaXvpVncProxyService,
  ),
  'nova-api-metadata': {
    binary: 'nova-api-metadata',
    usesBus: false,
    summary: 'the metadata service on metadata_listen:metadata_listen_port',
    start: (scope) => startFromServer(scope, (s) => s.NovaApiMetadataService),
  },
  'nova-cert': {
    binary: 'nova-cert',
    usesBus: true,
    summary: 'the certificate authorities of [crypto] ca_path on the cert topic',
    start: (scope) => startFromServer(scope, (s) => s.NovaCertService),
  },
  'placement-api': placementApi,
  'novats-identity': {
    binary: 'novats-identity',
    usesBus: false,
    summary:
      'the embedded identity service (Keystone v3) on [api_database] connection, at [identity] listen:listen_port (0.0.0.0:5000); `novats-identity bootstrap --help` for keystone-manage bootstrap',
    start: (scope) => startFromServer(scope, (s) => s.NovatsIdentityService),
  },
  'nova-placement-api': { ...placementApi, binary: 'nova-placement-api' },
};
