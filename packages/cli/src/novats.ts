/** `novats`: the developer's entry point (`novats up` runs the all-in-one cloud). */
import { upCommand } from './commands/up.js';
import { zmqProxyCommand } from './commands/zmq-proxy.js';

const USAGE = `Usage: novats <command> [options]

Commands:
  up         run the all-in-one cloud in the foreground (novats up --help)
  version    print the version
  zmq-proxy  run the ZeroMQ message broker of transport_url = zmq://host:port (novats zmq-proxy --help)
`;

/** What to do next for the failures a user can fix. */
function hint(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const port = /EADDRINUSE.*:(\d+)/.exec(message)?.[1];
  if (port)
    return `Port ${port} is taken (another novats up?). Stop it, or choose other ports: novats up --help.\n`;
  if (/ECONNREFUSED.*3306/.test(message))
    return 'MariaDB is not reachable at that address; start it or drop --database.\n';
  return '';
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'up':
      return upCommand(rest);
    case 'zmq-proxy':
      return zmqProxyCommand(rest);
    case 'version':
    case '--version':
      process.stdout.write('novats 0.1.0 (Nova API 2.1-2.93, Placement 1.0-1.39)\n');
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`novats: unknown command '${command}'.\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`novats: ${err instanceof Error ? err.message : String(err)}\n${hint(err)}`);
    process.exit(1);
  },
);
