/**
 * Service logs on stdout in oslo.log's default line format, so that an
 * operator's grep and log shippers read them as Nova's:
 *   2026-11-30 03:14:15.123 4242 INFO nova.conductor [-] message {"key": "value"}
 */
import type { Logger, LogLevel } from '@novats/core';

const LEVELS: Record<LogLevel, string> = { debug: 'DEBUG', info: 'INFO', warning: 'WARNING', error: 'ERROR' };

function timestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

export function osloLogger(
  name: string,
  opts: { debug: boolean; write?: (line: string) => void } = { debug: false },
): Logger {
  const write = opts.write ?? ((line: string) => process.stdout.write(line));
  const emit = (level: LogLevel) => (msg: string, extra?: Record<string, unknown>) => {
    if (level === 'debug' && !opts.debug) return;
    const tail = extra && Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
    write(`${timestamp(new Date())} ${process.pid} ${LEVELS[level]} ${name} [-] ${msg}${tail}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warning: emit('warning'), error: emit('error') };
}
