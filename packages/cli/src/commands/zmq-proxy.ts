/**
 * `novats zmq-proxy`: the broker of `transport_url = zmq://host:port`, in the
 * foreground until SIGINT/SIGTERM. It binds where `[DEFAULT] transport_url`
 * points (or `[oslo_messaging_zmq] rpc_zmq_bind_address`), 127.0.0.1:9501
 * without configuration, and logs to stdout.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { type Logger, NovaConfig } from '@novats/core';
import { transportScheme } from '@novats/drivers';
import { DEFAULT_ZMQ_PORT, parseZmqUrl, ZmqProxy } from '@novats/drivers/zeromq';
import * as zeromq from 'zeromq';

const HELP = `Usage: novats zmq-proxy [--config-file FILE]... [--debug]

Runs the ZeroMQ message broker every service of transport_url = zmq://host:port
connects to, until interrupted: it routes casts and is the directory through
which callers find the services they then call directly. Without configuration
it binds 127.0.0.1:${DEFAULT_ZMQ_PORT}.

Options:
  --config-file FILE   nova.conf (repeatable): [DEFAULT] transport_url gives the
                       address; [oslo_messaging_zmq] rpc_zmq_bind_address (an IP,
                       an interface or *) overrides the host to bind, and
                       rpc_zmq_topic_backlog bounds the messages kept per topic
                       nobody listens to yet
  --debug              log at DEBUG level
`;

function stdoutLogger(isDebug: boolean): Logger {
  const write = (level: string) => (msg: string, extra?: Record<string, unknown>) =>
    process.stdout.write(
      `${new Date().toISOString()} ${level} ${msg}${extra ? ` ${JSON.stringify(extra)}` : ''}\n`,
    );
  return {
    debug: isDebug ? write('DEBUG') : () => {},
    info: write('INFO'),
    warning: write('WARNING'),
    error: write('ERROR'),
  };
}

export async function zmqProxyCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'config-file': { type: 'string', multiple: true },
      debug: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const conf = NovaConfig.fromSources(
    (values['config-file'] ?? []).map((f) => ({ name: f, text: readFileSync(f, 'utf8') })),
    { hostname: hostname(), onWarning: (m) => process.stderr.write(`${m}\n`) },
  );
  const problems = conf.validate();
  if (problems.length > 0) throw new Error(`invalid configuration: ${problems.join('; ')}`);
  const url = conf.get('DEFAULT', 'transport_url') ?? `zmq://127.0.0.1:${DEFAULT_ZMQ_PORT}`;
  if (transportScheme(url) !== 'zmq') {
    process.stderr.write(
      `novats zmq-proxy: [DEFAULT] transport_url is not a zmq:// URL (${transportScheme(url)}://...).\n`,
    );
    return 2;
  }
  const address = parseZmqUrl(url);
  const log = stdoutLogger(Boolean(values.debug) || conf.get('DEFAULT', 'debug'));
  const proxy = new ZmqProxy({
    host: conf.get('oslo_messaging_zmq', 'rpc_zmq_bind_address') ?? address.host,
    port: address.port,
    backlogPerTopic: conf.get('oslo_messaging_zmq', 'rpc_zmq_topic_backlog'),
    log,
    zeromq,
  });
  try {
    await proxy.start();
  } catch (err) {
    throw new Error(`cannot bind ${address.endpoint}: ${(err as Error).message}`);
  }
  await new Promise<void>((resolveStop) => {
    let isStopping = false;
    const shutdown = (signal: string) => {
      if (isStopping) return;
      isStopping = true;
      log.info(`${signal} received: stopping`);
      proxy.stop().finally(resolveStop);
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  return 0;
}
