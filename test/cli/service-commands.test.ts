/**
 * The one-service commands as an operator meets them: the built
 * packages/cli/dist/<binary>.cjs, spawned as OS processes. A configuration
 * they cannot run with (malformed transport_url or connection, an
 * unreachable broker or database, a missing section, a bad value or file)
 * must end the process non-zero within 10 s with exactly one stderr line
 * naming `[group] option` and what to do, and no stack trace. Also:
 * later --config-file wins, --debug, --help, and nova-compute running with
 * no database option at all against a real conductor, stopping on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/cloud.js';
import { buildCommands, Deployment, type ServiceProcess, spawnCommand } from '../support/deployment.js';
import { createRabbitVhost, deleteRabbitVhost, type RabbitVhost } from '../support/rabbitmq.js';
import { freePort } from '../support/zmq-proxy.js';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'packages', 'cli', 'dist');
/** What the issue allows a failing service before it must have exited. */
const EXIT_WITHIN_MS = 10_000;
/** Processes at once: the machine has 2 cores, and each start costs ~0.5 s of CPU. */
const PARALLEL = 3;
const STACK_FRAME = /^\s+at .+[(:]\d+/m;

type Sections = Record<string, Record<string, string | number>>;

interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

let slots = PARALLEL;
const waiting: (() => void)[] = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (slots === 0) await new Promise<void>((r) => waiting.push(r));
  else slots--;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else slots++;
  }
}

/** Runs a command to its end; one that outlives the allowance is killed (and the test then fails on `ms`). */
function runToExit(binary: string, args: readonly string[]): Promise<Exited> {
  return limited(
    () =>
      new Promise<Exited>((resolve) => {
        const started = Date.now();
        const child: ChildProcess = spawn(process.execPath, [join(DIST, `${binary}.cjs`), ...args], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout?.on('data', (d: Buffer) => {
          stdout += d;
        });
        child.stderr?.on('data', (d: Buffer) => {
          stderr += d;
        });
        const killer = setTimeout(() => child.kill('SIGKILL'), EXIT_WITHIN_MS + 5_000);
        child.on('close', (code) => {
          clearTimeout(killer);
          resolve({ code, stdout, stderr, ms: Date.now() - started });
        });
      }),
  );
}

let dir = '';
let vhost: RabbitVhost;
let deployment: Deployment;
/** A port nothing listens on: a broker or database server that is down. */
let closedPort = 0;
/** A port that accepts connections and never says a word: a server that hangs. */
let silentPort = 0;
let silent: Server | undefined;
const silentSockets = new Set<Socket>();
let urls = { api: '', cell: '' };

let fileCount = 0;
function confFile(sections: Sections): string {
  const file = join(dir, `case-${++fileCount}.conf`);
  writeFileSync(
    file,
    Object.entries(sections)
      .map(
        ([group, opts]) =>
          `[${group}]\n${Object.entries(opts)
            .map(([k, v]) => `${k} = ${v}`)
            .join('\n')}\n`,
      )
      .join('\n'),
  );
  return file;
}

/** Everything a bus service needs, working: the test's vhost, synced MariaDB databases, placement options. */
function fullConfig(): Sections {
  return {
    DEFAULT: { transport_url: vhost.url, compute_driver: 'fake.FakeDriver', host: 'svc-test' },
    api: { auth_strategy: 'noauth2' },
    api_database: { connection: urls.api },
    database: { connection: urls.cell },
    placement: {
      auth_type: 'admin_token',
      token: 'admin',
      endpoint_override: `http://127.0.0.1:${closedPort}`,
    },
  };
}

/** `fullConfig()` with `changes` applied: a section set to null is left out of the file. */
function config(changes: Record<string, Record<string, string | number> | null>): string {
  const sections = fullConfig();
  for (const [group, opts] of Object.entries(changes)) {
    if (opts === null) delete sections[group];
    else sections[group] = { ...sections[group], ...opts };
  }
  return confFile(sections);
}

/** Exit non-zero in time, one stderr line naming `[group] option` and a hint, no trace anywhere. */
function expectOneLineFailure(r: Exited, binary: string, option: string, hint: RegExp): void {
  const context = `stderr:\n${r.stderr}\nstdout:\n${r.stdout}`;
  expect(r.code, context).not.toBe(0);
  expect(r.code, context).not.toBeNull();
  expect(r.ms, context).toBeLessThan(EXIT_WITHIN_MS);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, context).toHaveLength(1);
  expect(lines[0].startsWith(`${binary}: `), context).toBe(true);
  expect(lines[0], context).toContain(option);
  expect(lines[0], context).toMatch(hint);
  expect(r.stderr, context).not.toMatch(STACK_FRAME);
  expect(r.stdout, context).not.toMatch(STACK_FRAME);
}

beforeAll(async () => {
  buildCommands();
  dir = mkdtempSync(join(tmpdir(), 'novats-svc-cmd-'));
  closedPort = await freePort();
  silent = createServer((socket) => {
    silentSockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => silentSockets.delete(socket));
  });
  silentPort = await new Promise<number>((resolve) =>
    silent!.listen(0, '127.0.0.1', () => resolve((silent!.address() as { port: number }).port)),
  );
  vhost = await createRabbitVhost('novats_svc_cmd');
  deployment = new Deployment({ transportUrl: vhost.url, dialect: 'mysql', computes: [], conductors: 1 });
  await deployment.prepare();
  const text = readFileSync(deployment.conf, 'utf8');
  urls = {
    api: /\[api_database\]\nconnection = (\S+)/.exec(text)![1],
    cell: /\[database\]\nconnection = (\S+)/.exec(text)![1],
  };
}, 120_000);

afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  silent?.close();
  await deployment?.stop();
  if (vhost) await deleteRabbitVhost(vhost);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface FailureCase {
  readonly name: string;
  readonly binary: string;
  readonly args: () => string[];
  readonly option: string;
  readonly hint: RegExp;
}

const withConf = (changes: Record<string, Record<string, string | number> | null>) => () => [
  '--config-file',
  config(changes),
];
const BUS_SERVICES = ['nova-api', 'nova-conductor', 'nova-scheduler', 'nova-compute'];

const FAILURES: FailureCase[] = [
  {
    name: 'a transport_url without ://',
    binary: 'nova-compute',
    args: withConf({ DEFAULT: { transport_url: 'rabbit//x' } }),
    option: '[DEFAULT] transport_url',
    hint: /expected <driver>:\/\//,
  },
  {
    name: 'a transport_url whose port is not a number',
    binary: 'nova-conductor',
    args: withConf({ DEFAULT: { transport_url: 'rabbit://guest:guest@127.0.0.1:notaport/' } }),
    option: '[DEFAULT] transport_url',
    hint: /port "notaport".*not 1-65535/,
  },
  {
    name: 'a transport driver Novats does not have',
    binary: 'nova-scheduler',
    args: withConf({ DEFAULT: { transport_url: 'kafka://127.0.0.1:9092/' } }),
    option: '[DEFAULT] transport_url',
    hint: /"kafka" transport is not available.*rabbit:\/\//,
  },
  ...BUS_SERVICES.map((binary) => ({
    name: 'an unreachable RabbitMQ',
    binary,
    args: () => withConf({ DEFAULT: { transport_url: `rabbit://guest:guest@127.0.0.1:${closedPort}/` } })(),
    option: '[DEFAULT] transport_url',
    hint: /Cannot reach the message broker.*ECONNREFUSED.*Check that the broker is running/,
  })),
  {
    name: 'a RabbitMQ address that accepts and never answers',
    binary: 'nova-conductor',
    args: () => withConf({ DEFAULT: { transport_url: `rabbit://guest:guest@127.0.0.1:${silentPort}/` } })(),
    option: '[DEFAULT] transport_url',
    hint: /no answer in 5 s; check that it runs/,
  },
  {
    name: 'an unreachable ZeroMQ proxy',
    binary: 'nova-compute',
    args: () => withConf({ DEFAULT: { transport_url: `zmq://127.0.0.1:${closedPort}` } })(),
    option: '[DEFAULT] transport_url',
    hint: /Cannot reach the message broker.*zmq-proxy/,
  },
  {
    name: 'no transport_url (no broker to talk to)',
    binary: 'nova-compute',
    args: () => ['--config-file', confFile({ placement: fullConfig().placement })],
    option: '[DEFAULT] transport_url',
    hint: /is not set; set it to the message broker/,
  },
  {
    name: 'a [database] connection with an out-of-range port',
    binary: 'nova-conductor',
    args: withConf({ database: { connection: 'mysql+pymysql://nova:secret@127.0.0.1:99999/nova' } }),
    option: '[database] connection',
    hint: /port 99999 is out of range.*Accepted forms/,
  },
  {
    name: 'an [api_database] connection of an unknown dialect',
    binary: 'nova-scheduler',
    args: withConf({ api_database: { connection: 'oracle://nova:secret@db/nova_api' } }),
    option: '[api_database] connection',
    hint: /unsupported database dialect 'oracle'/,
  },
  {
    name: 'an unreachable MariaDB',
    binary: 'nova-api',
    args: () =>
      withConf({ api_database: { connection: `mysql+pymysql://root@127.0.0.1:${closedPort}/nova_api` } })(),
    option: '[api_database] connection',
    hint: /cannot reach the nova_api database.*ECONNREFUSED.*check that the server runs/,
  },
  {
    name: 'a MariaDB address that accepts and never answers',
    binary: 'nova-scheduler',
    args: () =>
      withConf({ api_database: { connection: `mysql+pymysql://root@127.0.0.1:${silentPort}/nova_api` } })(),
    option: '[api_database] connection',
    hint: /cannot reach the nova_api database.*no answer in 5 s.*check that the server runs/,
  },
  {
    name: 'an unreachable PostgreSQL',
    binary: 'nova-conductor',
    args: () =>
      withConf({ database: { connection: `postgresql://postgres@127.0.0.1:${closedPort}/nova` } })(),
    option: '[database] connection',
    hint: /cannot reach the cell database.*ECONNREFUSED.*check that the server runs/,
  },
  ...['nova-api', 'nova-conductor', 'nova-scheduler'].map((binary) => ({
    name: 'no [api_database] section',
    binary,
    args: withConf({ api_database: null }),
    option: '[api_database] connection',
    hint: /is not set; set it to the nova_api database URL/,
  })),
  {
    name: 'no [database] section',
    binary: 'nova-conductor',
    args: withConf({ database: null }),
    option: '[database] connection',
    hint: /is not set; set it to the cell database URL/,
  },
  {
    name: 'a cell database nobody ran db sync on',
    binary: 'nova-conductor',
    args: () => withConf({ database: { connection: `sqlite:///${join(dir, 'never-synced.sqlite')}` } })(),
    option: '[database] connection',
    hint: /has no tables; run `nova-manage db sync` first/,
  },
  ...['nova-compute', 'nova-scheduler'].map((binary) => ({
    name: 'no [placement] section',
    binary,
    args: withConf({ placement: null }),
    option: '[placement] auth_type',
    hint: /is not set; set it to password .* or admin_token/,
  })),
  {
    name: '[placement] admin_token without its token',
    binary: 'nova-compute',
    args: () => [
      '--config-file',
      config({ placement: null }),
      '--config-file',
      confFile({ placement: { auth_type: 'admin_token' } }),
    ],
    option: '[placement] token',
    hint: /is not set; auth_type admin_token needs/,
  },
  {
    name: 'no placement database',
    binary: 'placement-api',
    args: withConf({ api_database: null, placement_database: null }),
    option: '[placement_database] connection',
    hint: /is not set/,
  },
  {
    name: 'keystone auth without [keystone_authtoken]',
    binary: 'placement-api',
    args: () => [
      ...withConf({
        api: { auth_strategy: 'keystone' },
        placement_database: { connection: `sqlite:///${join(dir, 'placement.sqlite')}` },
      })(),
      '--port',
      '0',
    ],
    option: '[keystone_authtoken] auth_type',
    hint: /is not set; set it to password/,
  },
  {
    name: 'a --config-file that does not exist',
    binary: 'nova-scheduler',
    args: () => ['--config-file', join(dir, 'no-such-nova.conf')],
    option: '--config-file ',
    hint: /no-such-nova\.conf: no such file; give the path of an existing nova\.conf/,
  },
  {
    name: 'report_interval = abc',
    binary: 'nova-conductor',
    args: withConf({ DEFAULT: { report_interval: 'abc' } }),
    option: '[DEFAULT] report_interval',
    hint: /'abc' is not an integer; correct it in/,
  },
  {
    name: 'placement-api --port abc',
    binary: 'placement-api',
    args: () => [...withConf({})(), '--port', 'abc'],
    option: '--port abc',
    hint: /not a port number/,
  },
  {
    name: 'an unknown command-line option',
    binary: 'nova-compute',
    args: () => [...withConf({})(), '--bogus'],
    option: "'--bogus'",
    hint: /see nova-compute --help/,
  },
];

describe.concurrent('a service that cannot run exits within 10 s with one line naming the option', () => {
  for (const c of FAILURES) {
    it(`${c.binary}: ${c.name}`, async () => {
      expectOneLineFailure(await runToExit(c.binary, c.args()), c.binary, c.option, c.hint);
    });
  }
});

describe.concurrent('command line', () => {
  it('a later --config-file wins ([DEFAULT] host in the start line)', async () => {
    const down = config({ DEFAULT: { transport_url: `rabbit://guest:guest@127.0.0.1:${closedPort}/` } });
    const first = confFile({ DEFAULT: { host: 'host-from-first' } });
    const second = confFile({ DEFAULT: { host: 'host-from-second' } });
    const [a, b] = await Promise.all([
      runToExit('nova-compute', ['--config-file', down, '--config-file', first, '--config-file', second]),
      runToExit('nova-compute', ['--config-file', down, '--config-file', second, '--config-file', first]),
    ]);
    expect(a.stdout).toMatch(/ INFO nova\.compute \[-\] starting nova-compute \(host host-from-second,/);
    expect(b.stdout).toMatch(/ INFO nova\.compute \[-\] starting nova-compute \(host host-from-first,/);
  });

  it('--debug logs DEBUG lines (option values, secrets masked); without it there are none', async () => {
    const file = config({ DEFAULT: { transport_url: `rabbit://guest:secretpw@127.0.0.1:${closedPort}/` } });
    const [plain, debug] = await Promise.all([
      runToExit('nova-compute', ['--config-file', file]),
      runToExit('nova-compute', ['--config-file', file, '--debug']),
    ]);
    expect(plain.stdout).not.toContain(' DEBUG ');
    expect(debug.stdout).toMatch(/^\S+ \S+ \d+ DEBUG nova\.compute \[-\] \[DEFAULT\] host = svc-test$/m);
    expect(debug.stdout).toMatch(/ DEBUG nova\.compute \[-\] \[DEFAULT\] transport_url = \*\*\*\*$/m);
    expect(debug.stdout).not.toContain('secretpw');
  });

  for (const binary of [...BUS_SERVICES, 'placement-api', 'nova-placement-api']) {
    it(`${binary} --help prints usage and exits 0`, async () => {
      const r = await runToExit(binary, ['--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: ${binary} [--config-file FILE]... [--debug]`);
      expect(r.stdout).toContain('repeatable; later files win');
      expect(r.stderr).toBe('');
    });
  }
});

describe('nova-compute without any database option', () => {
  let compute: ServiceProcess | undefined;

  afterAll(() => {
    compute?.child.kill('SIGKILL');
  });

  it('starts against a conductor on RabbitMQ, reports to placement, and exits 0 on SIGTERM', async () => {
    await deployment.start('placement', 'placement-api');
    await deployment.start('conductor', 'nova-conductor');
    const file = confFile({
      DEFAULT: {
        transport_url: vhost.url,
        compute_driver: 'fake.FakeDriver',
        host: 'compute-nodb',
        report_interval: 2,
      },
      placement: {
        auth_type: 'admin_token',
        token: 'admin',
        endpoint_override: `http://127.0.0.1:${deployment.placementPort}`,
      },
    });
    expect(readFileSync(file, 'utf8')).not.toMatch(/database|connection/);
    compute = await spawnCommand('compute-nodb', 'nova-compute', ['--config-file', file]);
    const providers = await waitFor('compute-nodb in placement', async () => {
      const r = await deployment.placement('GET', '/resource_providers?name=compute-nodb');
      return r.body?.resource_providers?.length ? r.body.resource_providers : undefined;
    });
    expect(providers[0].name).toBe('compute-nodb');
    compute.child.kill('SIGTERM');
    expect(await compute.exited).toBe(0);
    expect(compute.output()).toMatch(/Caught SIGTERM, stopping: finishing in-flight work/);
    expect(compute.output()).toMatch(/ INFO nova\.compute \[-\] nova-compute stopped$/m);
    expect(compute.output()).not.toMatch(STACK_FRAME);
    compute = undefined;
  }, 60_000);
});
