/**
 * A real multi-process deployment for end-to-end tests, in the install
 * guide's order: databases, a nova.conf in the guide's shape, `nova-manage
 * api_db sync`, `cell_v2 map_cell0`, `cell_v2 create_cell`, `db sync`, then
 * placement-api, nova-api, nova-scheduler, nova-conductor(s) and
 * nova-compute(s) as separate OS processes, and `cell_v2 discover_hosts`.
 * Each process runs the built command from packages/cli/dist, as an
 * operator's would.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type HttpResult, http } from './cloud.js';
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js';
import { freePort } from './zmq-proxy.js';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'packages', 'cli', 'dist');
const run = promisify(execFile);

/** Builds the commands once per test file (quick when nothing changed). */
export function buildCommands(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bootstrap.mjs')], { cwd: ROOT, stdio: 'ignore' });
}

export interface ServiceProcess {
  readonly name: string;
  readonly binary: string;
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

/** Starts `binary` from dist and resolves once it logged that it started. */
export async function spawnCommand(
  name: string,
  binary: string,
  args: readonly string[],
  opts: { ready?: RegExp; timeoutMs?: number } = {},
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [join(DIST, `${binary}.cjs`), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  const ready = opts.ready ?? / started$/m;
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (!ready.test(out)) {
    const state = await Promise.race([exited, new Promise((r) => setTimeout(r, 25, 'running'))]);
    if (state !== 'running') throw new Error(`${name} (${binary}) exited with ${state}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} (${binary}) did not start in time:\n${out}`);
    }
  }
  return { name, binary, child, output: () => out, exited };
}

export interface DeploymentOptions {
  /** `rabbit://...` URL of a vhost of the test's own, or `zmq://127.0.0.1:<port>` of its own proxy. */
  readonly transportUrl: string;
  readonly dialect: Dialect;
  readonly computes: readonly string[];
  readonly conductors: number;
  /** Extra `[DEFAULT]` lines (report_interval, service_down_time...). */
  readonly defaults?: Record<string, string | number>;
  /** Extra sections, e.g. `{ fake_driver: { spawn_delay_ms: 2000 } }`. */
  readonly sections?: Record<string, Record<string, string | number>>;
}

export class Deployment {
  readonly dir: string;
  readonly conf: string;
  readonly processes = new Map<string, ServiceProcess>();
  apiPort = 0;
  placementPort = 0;
  #dbs: TestDatabase[] = [];
  #urls = { api: '', cell0: '', cell1: '' };

  constructor(readonly opts: DeploymentOptions) {
    this.dir = mkdtempSync(join(tmpdir(), 'novats-deploy-'));
    this.conf = join(this.dir, 'nova.conf');
  }

  /** Databases, nova.conf and the nova-manage steps of the install guide. */
  async prepare(): Promise<void> {
    buildCommands();
    for (const name of ['api', 'cell0', 'cell1']) {
      this.#dbs.push(await createTestDatabase(this.opts.dialect, `novats_${name}`));
    }
    this.#urls = { api: this.#dbs[0].url, cell0: this.#dbs[1].url, cell1: this.#dbs[2].url };
    this.apiPort = await freePort();
    this.placementPort = await freePort();
    const defaults = Object.entries({ report_interval: 2, service_down_time: 10, ...this.opts.defaults })
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n');
    writeFileSync(
      this.conf,
      `[DEFAULT]
transport_url = ${this.opts.transportUrl}
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = ${this.apiPort}
enabled_apis = osapi_compute
compute_driver = fake.FakeDriver
${defaults}

[api]
auth_strategy = noauth2

# NOTE(storms): the boot storms of these tests go past Nova's default quotas of one project.
[quota]
instances = -1
cores = -1
ram = -1

[api_database]
connection = ${this.#urls.api}

[database]
connection = ${this.#urls.cell1}

[placement]
auth_type = admin_token
token = admin
endpoint_override = http://127.0.0.1:${this.placementPort}
${Object.entries(this.opts.sections ?? {})
  .map(
    ([group, opts]) =>
      `\n[${group}]\n${Object.entries(opts)
        .map(([k, v]) => `${k} = ${v}`)
        .join('\n')}\n`,
  )
  .join('')}`,
    );
    await this.manage('api_db', 'sync');
    await this.manage('cell_v2', 'map_cell0', '--database_connection', this.#urls.cell0);
    await this.manage('cell_v2', 'create_cell', '--name', 'cell1');
    await this.manage('db', 'sync');
  }

  /** Runs nova-manage with this deployment's nova.conf; throws on a non-zero exit. */
  async manage(...args: string[]): Promise<string> {
    return this.manageWith([], ...args);
  }

  /** nova-manage with more config files after nova.conf (e.g. another cell's `[database]`). */
  async manageWith(files: readonly string[], ...args: string[]): Promise<string> {
    const configs = [this.conf, ...files].flatMap((f) => ['--config-file', f]);
    const { stdout } = await run(process.execPath, [join(DIST, 'nova-manage.cjs'), ...configs, ...args], {
      cwd: ROOT,
      timeout: 60_000,
    });
    return stdout;
  }

  /** The config files of a process: the shared nova.conf and, for a named host, its own `[DEFAULT] host`. */
  #args(name: string, host?: string, overrides?: string): string[] {
    const args = ['--config-file', this.conf, ...(process.env.NOVATS_DEPLOY_DEBUG ? ['--debug'] : [])];
    if (host) {
      const file = join(this.dir, `${host}.conf`);
      writeFileSync(file, `[DEFAULT]\nhost = ${host}\n`);
      args.push('--config-file', file);
    }
    if (overrides) args.push('--config-file', this.configFile(`${name}-overrides.conf`, overrides));
    return args;
  }

  /** Writes a config file in this deployment's directory; returns its path. */
  configFile(name: string, text: string): string {
    const file = join(this.dir, name);
    writeFileSync(file, text);
    return file;
  }

  /** Starts a service; `overrides` is one more config file (later files win), e.g. another cell's options. */
  async start(name: string, binary: string, host?: string, overrides?: string): Promise<ServiceProcess> {
    const extra =
      binary === 'placement-api' ? ['--host', '127.0.0.1', '--port', String(this.placementPort)] : [];
    const proc = await spawnCommand(name, binary, [...this.#args(name, host, overrides), ...extra]);
    this.processes.set(name, proc);
    return proc;
  }

  /** Every service of the install guide, then discover_hosts. */
  async startAll(): Promise<void> {
    await this.start('placement', 'placement-api');
    await Promise.all([
      this.start('api', 'nova-api'),
      this.start('scheduler', 'nova-scheduler'),
      ...Array.from({ length: this.opts.conductors }, (_, i) =>
        this.start(`conductor${i + 1}`, 'nova-conductor', `conductor${i + 1}`),
      ),
    ]);
    await Promise.all(this.opts.computes.map((host) => this.start(host, 'nova-compute', host)));
    await this.manage('cell_v2', 'discover_hosts');
  }

  /** Log lines of every process that mention `text` (for failure messages). */
  logsMentioning(text: string): string {
    return [...this.processes.values()]
      .flatMap((p) =>
        p
          .output()
          .split('\n')
          .filter((l) => l.includes(text))
          .map((l) => `${p.name}: ${l}`),
      )
      .join('\n');
  }

  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const proc = this.processes.get(name);
    if (!proc) throw new Error(`no process ${name}`);
    proc.child.kill(signal);
    const code = await proc.exited;
    this.processes.delete(name);
    return code;
  }

  async compute(method: string, path: string, body?: unknown): Promise<HttpResult> {
    return http(`http://127.0.0.1:${this.apiPort}/v2.1${path}`, method, body, {
      'x-auth-token': 'admin:admin',
    });
  }

  async placement(method: string, path: string): Promise<HttpResult> {
    return http(`http://127.0.0.1:${this.placementPort}${path}`, method, undefined, {
      'x-auth-token': 'admin',
      'openstack-api-version': 'placement 1.39',
    });
  }

  /** SIGTERM every process (they must exit 0), then drop the databases. */
  async stop(): Promise<Record<string, number | null>> {
    const codes: Record<string, number | null> = {};
    await Promise.all(
      [...this.processes.values()].map(async (p) => {
        p.child.kill('SIGTERM');
        const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
        codes[p.name] = await p.exited;
        clearTimeout(timer);
      }),
    );
    this.processes.clear();
    for (const db of this.#dbs) await db.drop().catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
    return codes;
  }
}
