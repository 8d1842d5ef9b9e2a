/** `nova-serialproxy`: one Novats service per process (see service/service-commands.ts). */
import { runService } from '../service/run-service.js';
import { SERVICE_COMMANDS } from '../service/service-commands.js';

runService(SERVICE_COMMANDS['nova-serialproxy'], process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
