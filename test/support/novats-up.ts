/**
 * `novats up` as a child process for end-to-end tests: started from the
 * built CLI on free ports, waited for until it prints its endpoints, and
 * stopped with SIGINT (reporting its exit code).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './cloud.js';

const CLI = join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'novats.cjs');
/** Free ports for every endpoint, and noauth2 tokens only (no embedded Keystone to start). */
const FREE_PORTS = [
  '--compute-port',
  '0',
  '--placement-port',
  '0',
  '--image-port',
  '0',
  '--metadata-port',
  '0',
  '--noauth',
];

export interface NovatsUp {
  /** The process id of `novats up`. */
  readonly pid: number;
  readonly compute: string;
  readonly placement: string;
  readonly image: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGINT, then its exit code. */
  stop(): Promise<number | null>;
}

/** Runs `novats up` with `args` until exit; its exit code and output (for start-up failures). */
export async function runNovatsUpToExit(args: readonly string[], timeoutMs = 30_000) {
  const child = spawn(process.execPath, [CLI, 'up', ...args, ...FREE_PORTS], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, out };
}

export async function startNovatsUp(
  args: readonly string[],
  timeoutMs = 20_000,
  env: NodeJS.ProcessEnv = process.env,
): Promise<NovatsUp> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'up', ...args, ...FREE_PORTS], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let out = '';
  const collect = (d: Buffer) => {
    out += d;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor(
      'novats up to print its endpoints',
      async () => {
        if (child.exitCode !== null) throw new Error(`novats up exited ${child.exitCode}:\n${out}`);
        return /Image API\s+(\S+)/.exec(out)?.[1];
      },
      timeoutMs,
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${out}`);
  }
  const endpoint = (name: string) => (new RegExp(`${name} API\\s+(\\S+)`).exec(out) as RegExpExecArray)[1];
  return {
    pid: child.pid as number,
    compute: endpoint('Compute'),
    placement: endpoint('Placement'),
    image: endpoint('Image'),
    output: () => out,
    async stop() {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
