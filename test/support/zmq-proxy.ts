/**
 * ZeroMQ proxies for tests: `startZmqProxy` runs a ZmqProxy in this process
 * on a free port (contract tests); `spawnZmqProxy` runs the real
 * `novats zmq-proxy --config-file F` command from the built CLI (e2e tests).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ZmqProxy, type ZmqProxyOptions } from '@novats/drivers/zeromq';

const ROOT = join(__dirname, '..', '..');

/** A started in-process proxy on 127.0.0.1 and a port of its own (unless `port` says otherwise). */
export async function startZmqProxy(opts: ZmqProxyOptions = {}): Promise<ZmqProxy> {
  const proxy = new ZmqProxy({ host: '127.0.0.1', port: 0, ...opts });
  await proxy.start();
  return proxy;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** packages/cli/dist/novats.cjs, rebuilt by `scripts/bootstrap.mjs` when sources changed (quick otherwise). */
export function ensureBuiltCli(): string {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bootstrap.mjs')], { cwd: ROOT, stdio: 'ignore' });
  return join(ROOT, 'packages', 'cli', 'dist', 'novats.cjs');
}

export interface SpawnedZmqProxy {
  readonly child: ChildProcess;
  /** Everything the command printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/**
 * `node packages/cli/dist/novats.cjs zmq-proxy --config-file <file>`, once it
 * printed that it listens. Builds dist first when sources changed (quick otherwise).
 */
export async function spawnZmqProxy(configFile: string, extraArgs: string[] = []): Promise<SpawnedZmqProxy> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'packages', 'cli', 'dist', 'novats.cjs'),
      'zmq-proxy',
      '--config-file',
      configFile,
      ...extraArgs,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 10_000;
  while (!/listening on/.test(out)) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(r, 20, 'running'))]);
    if (code !== 'running') throw new Error(`novats zmq-proxy exited with ${code}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`novats zmq-proxy did not start within 10 s:\n${out}`);
    }
  }
  return { child, output: () => out, exited };
}
