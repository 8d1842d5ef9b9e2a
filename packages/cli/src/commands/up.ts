/**
 * `novats up`: the all-in-one cloud in the foreground until SIGINT/SIGTERM,
 * then a clean shutdown. Prints the endpoints and how to authenticate.
 */

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { NovaConfig } from '@novats/core';
import { ensureServerDatabases } from '@novats/drivers';
import { startAllInOne } from '@novats/server';
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
  --spawn-delay MS     how long a fake spawn takes (default 0)
  --config-file FILE   an operator's nova.conf (repeatable): scheduler filters,
                       weighers and multipliers, allocation ratios, reserved
                       host resources, service_down_time and [api] max_limit
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
    },
    databases: values.database ? await serverDatabases(values.database) : undefined,
    spawnDelayMs: Number(values['spawn-delay']),
    placementInWorker: true,
    config: conf,
    // NOTE(quiet): the all-in-one console shows warnings and errors; services log INFO in their own processes.
    logger: {
      ...osloLogger('novats', { debug: false, write: (l) => process.stderr.write(l) }),
      info: () => {},
    },
  });
  const secs = ((performance.now() - started) / 1000).toFixed(2);
  process.stdout.write(
    [
      `Novats all-in-one cloud is up in ${secs} s: ${hosts} fake compute hosts (compute1..compute${hosts}), state in ${values.database ?? values['state-dir']}`,
      '',
      `  Compute API    ${cloud.endpoints.compute}`,
      `  Placement API  ${cloud.endpoints.placement}`,
      `  Image API      ${cloud.endpoints.image}`,
      `  Consoles       noVNC ${cloud.endpoints.novncproxy}, XVP ${cloud.endpoints.xvpvncproxy}, SPICE ${cloud.endpoints.spicehtml5proxy} (nova-consoleauth on the bus)`,
      '',
      'Authentication is noauth2: send X-Auth-Token: <user>:<project>; the user "admin" is an administrator.',
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
      cloud
        .stop()
        .then(() => process.stdout.write('Stopped cleanly.\n'))
        .finally(resolveStop);
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  return 0;
}
