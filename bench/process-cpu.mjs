// A process's CPU time, all its threads, from /proc/<pid>/stat (Linux; null
// elsewhere): on a shared 2-core machine the steadier figure than wall time.
import { existsSync, readFileSync } from 'node:fs';

/** USER_HZ: /proc counts CPU time in these ticks per second. */
const TICKS_PER_SECOND = 100;

/** `{ user, system, total }` CPU milliseconds of process `pid` so far, or null without /proc. */
export function processCpuMs(pid) {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  // utime and stime are the 14th and 15th fields; the command name before ') ' may hold spaces.
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  const user = (Number(fields[11]) * 1000) / TICKS_PER_SECOND;
  const system = (Number(fields[12]) * 1000) / TICKS_PER_SECOND;
  return { user, system, total: user + system };
}
