/**
 * The life of a one-service process: read the --config-file(s) as
 * oslo.config does, build the deployment scope, start the service, log to
 * stdout, and on SIGTERM/SIGINT stop taking work, let in-flight work finish,
 * and exit 0. A start-up failure is one line naming what to fix, exit 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { type Logger, NovaConfig } from '@novats/core';
import type { DeploymentScope, RunningService } from '@novats/server';
import { registerBrokerDrivers } from '../broker-drivers.js';
import { logOptionValues } from './log-option-values.js';
import { osloLogger } from './oslo-logger.js';
import type { ServiceCommand } from './service-commands.js';
import { StartupError } from './startup-error.js';

/** Where oslo.config looks when no --config-file is given (the first that exists wins here). */
const DEFAULT_CONFIG_FILES = ['/etc/nova/nova.conf'];

function usage(cmd: ServiceCommand): string {
  const extra = Object.entries(cmd.options ?? {})
    .map(([name, o]) => `${`  --${name} VALUE`.padEnd(24)}${o.help} (default ${o.default})\n`)
    .join('');
  return `Usage: ${cmd.binary} [--config-file FILE]... [--debug]${cmd.options ? ' [options]' : ''}

Runs ${cmd.binary}: ${cmd.summary}.

  --config-file FILE    nova.conf to read (repeatable; later files win; default /etc/nova/nova.conf)
  --debug               log at DEBUG level
${extra}`;
}

function loadConfig(files: readonly string[], log: Logger): NovaConfig {
  const sources = files.map((name) => {
    if (!existsSync(name))
      throw new StartupError(`--config-file ${name}: no such file; give the path of an existing nova.conf`);
    return { name, text: readFileSync(name, 'utf8') };
  });
  const conf = NovaConfig.fromSources(sources, {
    hostname: hostname(),
    onWarning: (m) => log.warning(m.replace(/\s+/g, ' ').trim()),
  });
  const problems = conf.validate();
  if (problems.length > 0) {
    // NOTE(oslo): oslo.config says "Value for option X from group G is not valid"; lead with `[G] X:` as every other start-up error does.
    const { group, option, reason } = problems[0];
    throw new StartupError(`[${group}] ${option}: ${reason}; correct it in ${files.join(', ')}.`);
  }
  return conf;
}

/** One line for the operator: what is wrong and where to fix it. */
function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A bus service with no transport_url would wait forever on an in-process bus nobody else is on. */
function checkBus(cmd: ServiceCommand, conf: NovaConfig): void {
  if (cmd.usesBus && (conf.get('DEFAULT', 'transport_url') ?? '').trim() === '')
    throw new StartupError(
      '[DEFAULT] transport_url: is not set; set it to the message broker, e.g. rabbit://user:pass@host:5672/ or zmq://host:port.',
    );
}

export async function runService(cmd: ServiceCommand, argv: string[]): Promise<number> {
  registerBrokerDrivers();
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    const extra = Object.fromEntries(
      Object.entries(cmd.options ?? {}).map(([k, o]) => [k, { type: 'string' as const, default: o.default }]),
    );
    values = parseArgs({
      args: argv,
      options: {
        'config-file': { type: 'string', multiple: true },
        debug: { type: 'boolean', short: 'd' },
        help: { type: 'boolean', short: 'h' },
        ...extra,
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${cmd.binary}: ${oneLine(err)}; see ${cmd.binary} --help\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage(cmd));
    return 0;
  }
  const log = osloLogger(`nova.${cmd.binary.replace(/^nova-/, '')}`, { debug: values.debug === true });
  let scope: DeploymentScope | undefined;
  let service: RunningService;
  let started = false;
  // NOTE(startup): a signal before the service is up has nothing in flight to finish.
  const quitEarly = (signal: string) => {
    log.info(`Caught ${signal} while starting: exiting`);
    process.exit(0);
  };
  process.once('SIGTERM', quitEarly);
  process.once('SIGINT', quitEarly);
  // NOTE(crash): an error no code path caught still ends in one line (start-up) or one log record, not a dump.
  const crash = (err: unknown) => {
    if (started) log.error(`Unhandled error, exiting: ${oneLine(err)}`);
    else process.stderr.write(`${cmd.binary}: ERROR: ${oneLine(err)}\n`);
    if (values.debug) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    const files = (values['config-file'] as string[] | undefined) ?? DEFAULT_CONFIG_FILES.filter(existsSync);
    const conf = loadConfig(files, log);
    logOptionValues(conf, log);
    const strings = Object.fromEntries(
      Object.entries(values).filter(([, v]) => typeof v === 'string') as [string, string][],
    );
    checkBus(cmd, conf);
    const settings = cmd.settings?.(strings) ?? {};
    const { DeploymentScope } = await import('@novats/server');
    scope = DeploymentScope.fromConfig(conf, { logger: log, settings });
    log.info(`starting ${cmd.binary} (host ${scope.settings.host}, config ${files.join(', ') || 'none'})`);
    service = await cmd.start(scope);
  } catch (err) {
    // NOTE(hang): what did open is let go of, but a close that does not return must not keep the error line back.
    await Promise.race([scope?.close(), new Promise((r) => setTimeout(r, 2000).unref())]);
    process.stderr.write(`${cmd.binary}: ERROR: ${oneLine(err)}\n`);
    // NOTE(debug): the trace is for developers; an operator gets the one line unless they ask with --debug.
    if (values.debug) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return 1;
  }
  started = true;
  process.off('SIGTERM', quitEarly);
  process.off('SIGINT', quitEarly);
  log.info(`${cmd.binary} started`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) {
        log.warning(`${signal} again: exiting without waiting`);
        resolve(1);
        return;
      }
      stopping = true;
      const grace = scope?.settings.gracefulShutdownTimeout ?? 0;
      log.info(`Caught ${signal}, stopping: finishing in-flight work`);
      // NOTE(grace): [DEFAULT] graceful_shutdown_timeout bounds the wait (0 waits forever), as oslo.service does.
      const outOfTime =
        grace > 0
          ? new Promise<void>((r) =>
              setTimeout(() => {
                log.warning(`graceful_shutdown_timeout (${grace} s) reached: exiting with work in flight`);
                r();
              }, grace * 1000).unref(),
            )
          : new Promise<void>(() => {});
      Promise.race([service.stop(), outOfTime])
        .then(() => scope?.close())
        .then(
          () => {
            log.info(`${cmd.binary} stopped`);
            resolve(0);
          },
          (err) => {
            log.error(`${cmd.binary} did not stop cleanly: ${oneLine(err)}`);
            resolve(1);
          },
        );
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  });
}
