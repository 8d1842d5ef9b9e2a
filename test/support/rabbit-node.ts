/**
 * A second, private RabbitMQ node for tests that restart the broker: its own
 * node name, AMQP and distribution ports, config, mnesia and log directories
 * under a temp dir, and no plugins, so the machine's broker on 5672 keeps
 * running. Data survives `restart()` (same mnesia dir), as after a reboot.
 * It runs as the test's user; readiness is an AMQP port that accepts, and
 * `stop()` is SIGTERM (RabbitMQ shuts down cleanly on it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SERVER_SCRIPT = process.env.NOVATS_TEST_RABBITMQ_SERVER ?? '/usr/lib/rabbitmq/bin/rabbitmq-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class RabbitNode {
  #process: ChildProcess | undefined;

  private constructor(
    readonly nodeName: string,
    readonly port: number,
    readonly distPort: number,
    readonly dir: string,
  ) {}

  /** `rabbit://guest:guest@127.0.0.1:<port>/` (default vhost). */
  get url(): string {
    return `rabbit://guest:guest@127.0.0.1:${this.port}/`;
  }

  get amqpUrl(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}/`;
  }

  /** Creates the node's directories and starts it; fails (never skips) when RabbitMQ is not installed. */
  static async start(): Promise<RabbitNode> {
    if (!existsSync(SERVER_SCRIPT))
      throw new Error(`${SERVER_SCRIPT} not found: install rabbitmq-server to run the broker restart tests`);
    const dir = mkdtempSync(join(tmpdir(), 'novats-rabbit-node-'));
    const [port, distPort] = [await freePort(), await freePort()];
    const node = new RabbitNode(`novats_test_${port}@localhost`, port, distPort, dir);
    writeFileSync(
      join(dir, 'rabbitmq.conf'),
      `listeners.tcp.local = 127.0.0.1:${port}\nloopback_users = none\n`,
    );
    writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
    writeFileSync(join(dir, 'rabbitmq-env.conf'), '');
    await node.#boot();
    return node;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.#boot();
  }

  /** Stops the node (SIGTERM, then SIGKILL after 15 s); its data stays for `restart`. */
  async stop(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    // NOTE(port): the beam process may outlive the script by a moment.
    for (let i = 0; i < 100 && (await portAccepts(this.port)); i++)
      await new Promise((r) => setTimeout(r, 100));
  }

  /** Stops the node and removes its directory. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async #boot(): Promise<void> {
    const dir = this.dir;
    const child = spawn(SERVER_SCRIPT, [], {
      cwd: dir,
      stdio: 'ignore',
      env: {
        ...process.env,
        HOME: dir,
        RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
        RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
        RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
        RABBITMQ_NODENAME: this.nodeName,
        RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
        RABBITMQ_NODE_PORT: String(this.port),
        RABBITMQ_DIST_PORT: String(this.distPort),
        RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
        RABBITMQ_LOG_BASE: join(dir, 'log'),
        RABBITMQ_PID_FILE: join(dir, 'rabbit.pid'),
        RABBITMQ_SERVER_START_ARGS: '',
      },
    });
    this.#process = child;
    const deadline = Date.now() + 40_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`rabbitmq-server ${this.nodeName} exited with ${child.exitCode}; see ${dir}/log`);
      if (await portAccepts(this.port)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    await this.stop();
    throw new Error(
      `rabbitmq-server ${this.nodeName} did not listen on ${this.port} within 40 s; see ${dir}/log`,
    );
  }
}
