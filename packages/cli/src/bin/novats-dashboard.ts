/**
 * `novats-dashboard`: the web dashboard on its own, in front of any Novats or
 * Nova deployment. Only the identity service's URL is needed: the other
 * endpoints come from the catalog of the first token issued through it (or
 * are named with --compute-url, --placement-url, --image-url).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NovaConfig } from '@novats/core';
import { startDashboardServer } from '@novats/server';
import { dashboardStaticDir } from '../dashboard/dashboard-static-dir.js';

const HELP = `Usage: novats-dashboard [options]

Serves the Novats dashboard and proxies the cloud's public APIs under its
own origin (/proxy/<service-type>/...).

Options:
  --identity-url URL   Keystone's v3 root (default: [keystone_authtoken]
                       www_authenticate_uri or auth_url of --config-file)
  --compute-url URL    Compute API (default: from the token's catalog)
  --placement-url URL  Placement API (default: from the token's catalog)
  --image-url URL      Image API (default: from the token's catalog)
  --bind ADDR          address to listen on (default 127.0.0.1)
  --port N             port (default 8080)
  --config-file FILE   a nova.conf to read the identity URL from (repeatable)
`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'identity-url': { type: 'string' },
      'compute-url': { type: 'string' },
      'placement-url': { type: 'string' },
      'image-url': { type: 'string' },
      bind: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      'config-file': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const conf = NovaConfig.fromSources(
    (values['config-file'] ?? []).map((f) => ({ name: f, text: readFileSync(f, 'utf8') })),
  );
  const identity =
    values['identity-url'] ??
    conf.getString('keystone_authtoken', 'www_authenticate_uri') ??
    conf.getString('keystone_authtoken', 'auth_url');
  const dashboard = await startDashboardServer({
    staticDir: dashboardStaticDir(),
    endpoints: {
      identity,
      compute: values['compute-url'],
      placement: values['placement-url'],
      image: values['image-url'],
    },
    host: values.bind,
    port: Number(values.port),
  });
  process.stdout.write(`Novats dashboard at ${dashboard.url}/\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await dashboard.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
