/**
 * `nova-manage`: the operator's database and cells tool, reading the same
 * nova.conf (`--config-file`, repeatable; default /etc/nova/nova.conf).
 */
import { runNovaManage } from './manage/nova-manage-main.js';

runNovaManage(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`ERROR: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
