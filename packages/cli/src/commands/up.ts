/**
 * `novats up`: the all-in-one cloud in the foreground until SIGINT/SIGTERM,
 * then a clean shutdown. Prints the endpoints and how to authenticate.
 */

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NovaConfig } from '@novats/core';
import { ensureServerDatabases, isFakeComputeDriver } from '@novats/drivers';
import { startAllInOne, startDashboardServer } from '@novats/server';
import { dashboardStaticDir } from '../dashboard/dashboard-static-dir.js';
import { osloLogger } from '../service/oslo-logger.js';

const HELP = `Usage: novats up [options]

Runs every Nova service in one process on SQLite (or a MariaDB/MySQL or
PostgreSQL server) and the in-process bus, with fake compute hosts, until
interrupted (Ctrl+C).

Options:
  --hosts N            fake compute hosts (default 4)
  --vcpus N            vCPUs per host (default 16)
  --ram MB             memory per host in MiB (default 32768)
  --disk GB            disk per host in GiB (default 500)
  --state-dir DIR      where the SQLite databases live (default .novats)
  --database URL       use this database server instead of SQLite, e.g.
                       mysql+pymysql://root:@127.0.0.1 or
                       postgresql://postgres@127.0.0.1 (the databases
                       nova_api, nova, nova_cell0 and placement are created
                       there when missing, and reused when present)
  --bind ADDR          address to listen on (default 127.0.0.1)
  --compute-port N     Compute API port (default 8774)
  --placement-port N   Placement API port (default 8778)
  --image-port N       Image API port (default 9292)
  --identity-port N    embedded identity (Keystone v3) port (default 5000;
                       35357 is also served when free)
  --noauth             start no identity service: noauth2 tokens only
  --metadata-port N    metadata service port (default 8775; a free one with
                       --compute-port 0)
  --ec2-port N         EC2 API port (default 8773; a free one with
                       --compute-port 0)
  --dashboard-port N   the web dashboard's port (default 8080; a free one
                       with --compute-port 0)
  --no-dashboard       serve no dashboard
  --spawn-delay MS     how long a fake spawn takes (default 0)
  --config-file FILE   an operator's nova.conf (repeatable): transport_url (the
                       services' bus), [api_database], [database] and
                       [placement_database] connection (cell0: [database]'s
                       name + _cell0), [glance] api_servers, scheduler filters,
                       weighers and multipliers, allocation ratios, reserved
                       host resources, service_down_time, [api] max_limit,
                       the metadata service's [neutron] and [api] options;
                       compute_driver = libvirt.LibvirtDriver ([libvirt]),
                       vmwareapi.VMwareVCDriver ([vmware]) or
                       xenapi.XenAPIDriver ([xenserver]) runs one compute host
                       on that hypervisor instead of the fake hosts
`;

/** The install guide's four databases on a MariaDB/MySQL or PostgreSQL server, created when missing. */
async function serverDatabases(
  server: string,
): Promise<{ api: string; cell0: string; cell1: string; placement: string }> {
  const [api, cell0, cell1, placement] = await ensureServerDatabases(server, [
    'nova_api',
    'nova_cell0',
    'nova',
    'placement',
  ]);
  return { api, cell0, cell1, placement };
}

/**
 * A port option; unset, its default, or a free port when the Compute API's is 0
 * (tests and scripts that ask for free ports never collide on the newer ones).
 */
function portOrFree(value: string | undefined, computePort: string | undefined, dflt: number): number {
  if (value !== undefined) return Number(value);
  return computePort === '0' ? 0 : dflt;
}

export async function upCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      hosts: { type: 'string', default: '4' },
      vcpus: { type: 'string', default: '16' },
      ram: { type: 'string', default: '32768' },
      disk: { type: 'string', default: '500' },
      'state-dir': { type: 'string', default: '.novats' },
      database: { type: 'string' },
      bind: { type: 'string', default: '127.0.0.1' },
      'compute-port': { type: 'string', default: '8774' },
      'placement-port': { type: 'string', default: '8778' },
      'image-port': { type: 'string', default: '9292' },
      'identity-port': { type: 'string', default: '5000' },
      noauth: { type: 'boolean' },
      'metadata-port': { type: 'string' },
      'ec2-port': { type: 'string' },
      'dashboard-port': { type: 'string' },
      'no-dashboard': { type: 'boolean' },
      'spawn-delay': { type: 'string', default: '0' },
      'config-file': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const started = performance.now();
  const files = values['config-file'] ?? [];
  const conf = NovaConfig.fromSources(
    files.map((f) => ({ name: f, text: readFileSync(f, 'utf8') })),
    { hostname: hostname(), onWarning: (m) => process.stderr.write(`${m}\n`) },
  );
  const problems = conf.validate();
  if (problems.length > 0) throw new Error(`invalid configuration: ${problems.join('; ')}`);
  const hosts = Number(values.hosts);
  const stateDir = values['state-dir']!;
  // NOTE(keystone): an operator's [keystone_authtoken] auth_url names an external Keystone; none is embedded then.
  const externalIdentityUrl = values.noauth ? undefined : conf.getString('keystone_authtoken', 'auth_url');
  const embedded = !values.noauth && !externalIdentityUrl;
  const adminPassword = embedded ? openrcPassword(stateDir) : '';
  const cloud = await startAllInOne({
    stateDir: values['state-dir']!,
    hosts,
    hostResources: {
      vcpus: Number(values.vcpus),
      memory_mb: Number(values.ram),
      local_gb: Number(values.disk),
    },
    bindHost: values.bind,
    ports: {
      compute: Number(values['compute-port']),
      placement: Number(values['placement-port']),
      image: Number(values['image-port']),
      metadata: portOrFree(values['metadata-port'], values['compute-port'], 8775),
      ec2: portOrFree(values['ec2-port'], values['compute-port'], 8773),
    },
    databases: values.database ? await serverDatabases(values.database) : undefined,
    spawnDelayMs: Number(values['spawn-delay']),
    ...(embedded ? { identity: identityOptions(adminPassword, Number(values['identity-port'])) } : {}),
    ...(externalIdentityUrl ? { externalIdentityUrl } : {}),
    placementInWorker: true,
    config: conf,
    // NOTE(quiet): the all-in-one console shows warnings and errors; services log INFO in their own processes.
    logger: {
      ...osloLogger('novats', { debug: false, write: (l) => process.stderr.write(l) }),
      info: () => {},
    },
  });
  const dashboard = values['no-dashboard']
    ? null
    : await startDashboardServer({
        staticDir: dashboardStaticDir(),
        endpoints: {
          identity: cloud.endpoints.identity ?? externalIdentityUrl,
          compute: cloud.endpoints.compute,
          placement: cloud.endpoints.placement,
          image: cloud.endpoints.image,
        },
        host: values.bind,
        port: portOrFree(values['dashboard-port'], values['compute-port'], 8080),
      }).catch(async (err) => {
        await cloud.stop();
        throw err;
      });
  const secs = ((performance.now() - started) / 1000).toFixed(2);
  const openrc = cloud.endpoints.identity
    ? writeOpenrc(stateDir, cloud.endpoints.identity, adminPassword)
    : null;
  process.stdout.write(
    [
      `Novats all-in-one cloud is up in ${secs} s: ${describeHosts(conf.get('DEFAULT', 'compute_driver'), hosts)}, state in ${values.database ?? values['state-dir']}`,
      '',
      `  Compute API    ${cloud.endpoints.compute}`,
      `  Placement API  ${cloud.endpoints.placement}`,
      `  Image API      ${cloud.endpoints.image}`,
      ...(cloud.endpoints.identity ? [`  Identity API   ${cloud.endpoints.identity}`] : []),
      `  Metadata API   ${cloud.endpoints.metadata}`,
      `  Consoles       noVNC ${cloud.endpoints.novncproxy}, XVP ${cloud.endpoints.xvpvncproxy}, SPICE ${cloud.endpoints.spicehtml5proxy}, serial ${cloud.endpoints.serialproxy} (nova-consoleauth on the bus)`,
      `  EC2 API        ${cloud.endpoints.ec2}`,
      ...(dashboard ? [`  Dashboard      ${dashboard.url}/`] : []),
      '',
      ...(openrc
        ? [
            `Keystone credentials for the admin user are in ${openrc}; use the openstack client with:`,
            `  . ${openrc}`,
            '  openstack token issue',
            '',
            'noauth2 tokens work too: send X-Auth-Token: <user>:<project>; the user "admin" is an administrator.',
          ]
        : externalIdentityUrl
          ? [
              `Keystone tokens from ${externalIdentityUrl} are accepted, and noauth2 tokens:`,
              'send X-Auth-Token: <user>:<project>; the user "admin" is an administrator.',
            ]
          : [
              'Authentication is noauth2: send X-Auth-Token: <user>:<project>; the user "admin" is an administrator.',
            ]),
      'Placement takes X-Auth-Token: admin. Try:',
      `  curl -s -H 'X-Auth-Token: admin:admin' ${cloud.endpoints.compute}/flavors`,
      `  curl -s -H 'X-Auth-Token: admin:admin' -H 'Content-Type: application/json' \\`,
      `    -d '{"server":{"name":"vm1","imageRef":"a2459075-d96c-40d5-893e-577ff92e721c","flavorRef":"1"}}' ${cloud.endpoints.compute}/servers`,
      '',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n${signal} received: stopping services...\n`);
      Promise.resolve(dashboard?.stop())
        .then(() => cloud.stop())
        .then(() => process.stdout.write('Stopped cleanly.\n'))
        .finally(resolveStop);
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  return 0;
}

/** Keystone's old admin port 35357 is served beside the default 5000 only. */
function identityOptions(adminPassword: string, port: number) {
  return { adminPassword, port, legacyPort: port === 5000 ? 35357 : null };
}

/** The admin password of an earlier run (its openrc), else a new random one. */
function openrcPassword(stateDir: string): string {
  const file = join(stateDir, 'openrc');
  if (existsSync(file)) {
    const m = /^export OS_PASSWORD=(\S+)$/m.exec(readFileSync(file, 'utf8'));
    if (m) return m[1];
  }
  return randomBytes(18).toString('base64url');
}

/**
 * `<state dir>/openrc` (mode 0600): the admin credentials by name, as an
 * operator's admin-openrc reads, with no token in it.
 */
function writeOpenrc(stateDir: string, identityUrl: string, password: string): string {
  mkdirSync(stateDir, { recursive: true });
  const file = resolve(join(stateDir, 'openrc'));
  const lines = [
    `export OS_AUTH_URL=${identityUrl}`,
    'export OS_USERNAME=admin',
    `export OS_PASSWORD=${password}`,
    'export OS_PROJECT_NAME=admin',
    'export OS_USER_DOMAIN_NAME=Default',
    'export OS_PROJECT_DOMAIN_NAME=Default',
    'export OS_IDENTITY_API_VERSION=3',
  ];
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

/** The compute hosts the all-in-one runs: fakes, or one host on the configured hypervisor. */
function describeHosts(computeDriver: string, hosts: number): string {
  if (!isFakeComputeDriver(computeDriver)) return `1 compute host (compute1) on ${computeDriver}`;
  return `${hosts} fake compute hosts (compute1..compute${hosts})`;
}
