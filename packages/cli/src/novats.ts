/** `novats`: the developer's entry point (`novats up` runs the all-in-one cloud). */
import { registerBrokerDrivers } from './broker-drivers.js';
import { failureMessage } from './commands/failure-message.js';
import { upCommand } from './commands/up.js';
import { zmqProxyCommand } from './commands/zmq-proxy.js';

const USAGE = `Usage: novats <command> [options]

Commands:
  up         run the all-in-one cloud in the foreground (novats up --help)
  version    print the version
  zmq-proxy  run the ZeroMQ message broker of transport_url = zmq://host:port (novats zmq-proxy --help)
`;

async function main(argv: string[]): Promise<number> {
  registerBrokerDrivers();
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
    process.stderr.write(`novats: ${failureMessage(err)}\n`);
    process.exit(1);
  },
);
