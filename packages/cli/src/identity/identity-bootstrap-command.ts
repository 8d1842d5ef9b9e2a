/**
 * `novats-identity bootstrap`: keystone-manage bootstrap on the identity
 * tables of `[api_database] connection` (created when missing). The options
 * are keystone-manage's; the password may also come from
 * OS_BOOTSTRAP_PASSWORD, and the identity endpoints default to the URL the
 * service listens on (`[identity] listen` / `listen_port`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { NovaConfig } from '@novats/core';
import { osloLogger } from '../service/oslo-logger.js';

const HELP = `Usage: novats-identity bootstrap --bootstrap-password PASSWORD [--config-file FILE]... [options]

Does what keystone-manage bootstrap does: the Default domain, the admin
project and user, the roles admin, member and reader (admin implies member,
member implies reader), the region and the keystone identity service with
its endpoints. Safe to run again.

  --config-file FILE               nova.conf ([api_database] connection; repeatable)
  --bootstrap-password PASSWORD    the admin user's password (or OS_BOOTSTRAP_PASSWORD)
  --bootstrap-username NAME        default admin
  --bootstrap-project-name NAME    default admin
  --bootstrap-role-name NAME       default admin
  --bootstrap-service-name NAME    default keystone
  --bootstrap-region-id ID         default RegionOne
  --bootstrap-public-url URL       default http://<host>:<listen_port>/v3
  --bootstrap-internal-url URL     default: the public URL
  --bootstrap-admin-url URL        default: the public URL
`;

export async function identityBootstrapCommand(argv: string[]): Promise<number> {
  const opt = () => ({ type: 'string' as const });
  const { values } = parseArgs({
    args: argv,
    options: {
      'config-file': { type: 'string', multiple: true },
      'bootstrap-password': opt(),
      'bootstrap-username': opt(),
      'bootstrap-project-name': opt(),
      'bootstrap-role-name': opt(),
      'bootstrap-service-name': opt(),
      'bootstrap-region-id': opt(),
      'bootstrap-public-url': opt(),
      'bootstrap-internal-url': opt(),
      'bootstrap-admin-url': opt(),
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const password = values['bootstrap-password'] ?? process.env.OS_BOOTSTRAP_PASSWORD;
  if (!password) {
    process.stderr.write('novats-identity bootstrap: ERROR: give --bootstrap-password (or OS_BOOTSTRAP_PASSWORD)\n');
    return 2;
  }
  const files = values['config-file'] ?? ['/etc/nova/nova.conf'].filter(existsSync);
  for (const f of files) {
    if (!existsSync(f)) {
      process.stderr.write(`novats-identity bootstrap: ERROR: --config-file ${f}: no such file\n`);
      return 1;
    }
  }
  const conf = NovaConfig.fromSources(files.map((name) => ({ name, text: readFileSync(name, 'utf8') })), {
    hostname: hostname(),
  });
  const database = conf.getString('api_database', 'connection');
  if (!database) {
    process.stderr.write('novats-identity bootstrap: ERROR: [api_database] connection: is not set\n');
    return 1;
  }
  const log = osloLogger('keystone.cmd.bootstrap', { debug: false });
  const server = await import('@novats/server');
  const drivers = await import('@novats/drivers');
  const listen = server.identityListen(conf);
  const host = listen.host === '0.0.0.0' || listen.host === '::' ? hostname() : listen.host;
  const publicUrl = values['bootstrap-public-url'] ?? `http://${host}:${listen.port}/v3`;
  await drivers.syncIdentityDatabase(database);
  const store = drivers.openIdentityStore(database);
  try {
    await server.bootstrapIdentity(
      store,
      {
        password,
        username: values['bootstrap-username'],
        projectName: values['bootstrap-project-name'],
        roleName: values['bootstrap-role-name'],
        serviceName: values['bootstrap-service-name'],
        regionId: values['bootstrap-region-id'],
        publicUrl,
        internalUrl: values['bootstrap-internal-url'] ?? publicUrl,
        adminUrl: values['bootstrap-admin-url'] ?? publicUrl,
      },
      log,
    );
  } finally {
    await store.close();
  }
  return 0;
}
