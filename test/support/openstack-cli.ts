/**
 * The real `openstack` client (python3-openstackclient) for tests: run a
 * command with OS_* variables, optionally answering its password prompts
 * through a pseudo-terminal (`--password-prompt` reads only from a TTY).
 * A missing client is an error, never a skip.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const OPENSTACK = '/usr/bin/openstack';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails with the package to install when the client is not there. */
export function requireOpenstackCli(): void {
  if (!existsSync(OPENSTACK)) {
    throw new Error(
      'the openstack CLI is missing: apt-get install python3-openstackclient (.ci/run installs it)',
    );
  }
}

/**
 * Runs `openstack ...args` with `env` on top of a clean environment (no OS_*
 * of the developer's shell). With `prompts`, each "Password:" prompt is
 * answered with the next value through a PTY.
 */
export function openstack(
  args: readonly string[],
  env: Record<string, string>,
  opts: { prompts?: readonly string[]; timeoutMs?: number } = {},
): Promise<CliResult> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OS_')));
  const argv = opts.prompts
    ? ['python3', '-c', 'import pty,sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)', OPENSTACK, ...args]
    : [OPENSTACK, ...args];
  const child = spawn(argv[0], argv.slice(1), { env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let answered = 0;
  const answers = opts.prompts ?? [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    // NOTE(getpass): it flushes pending input when it turns echo off, so answer only once the prompt shows.
    const asked = (stdout.match(/Password:/g) ?? []).length;
    while (answered < asked && answered < answers.length) child.stdin.write(`${answers[answered++]}\n`);
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
  });
  if (!opts.prompts) child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, stdout, stderr });
    });
  });
}

/** `openstack ... -f json`, parsed; throws with the client's stderr when it fails. */
export async function openstackJson(args: readonly string[], env: Record<string, string>): Promise<any> {
  const r = await openstack([...args, '-f', 'json'], env);
  if (r.code !== 0) throw new Error(`openstack ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
