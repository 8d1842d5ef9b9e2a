/**
 * `novats-identity`: the embedded identity service (a Keystone v3 subset)
 * as its own process, or `novats-identity bootstrap ...` (keystone-manage
 * bootstrap).
 */
import { identityBootstrapCommand } from '../identity/identity-bootstrap-command.js';
import { runService } from '../service/run-service.js';
import { SERVICE_COMMANDS } from '../service/service-commands.js';

const argv = process.argv.slice(2);
const run =
  argv[0] === 'bootstrap'
    ? identityBootstrapCommand(argv.slice(1))
    : runService(SERVICE_COMMANDS['novats-identity'], argv);
run.then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`novats-identity: ERROR: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
