/**
 * One Python process that runs many `openstack` and `nova` commands, each
 * through the client's own entry point with its own argv and environment
 * (test/support/python/osc_session.py). Starting Python and loading the
 * clients' plugins is 1.5-2 s of CPU a command here; a session pays it once.
 * Commands run one at a time, in the order they were asked for.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'python', 'osc_session.py');

export interface SessionResult {
  readonly rc: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type SessionTool = 'openstack' | 'nova';

/** Raised for a command that exits non-zero; carries what it printed. */
export class CliCommandFailed extends Error {
  readonly code = 'test.cli_command_failed';
  constructor(
    readonly command: string,
    readonly result: SessionResult,
  ) {
    super(`${command} exited ${result.rc}: ${result.stderr.trim() || result.stdout.trim()}`);
  }

  /** What the command printed on stderr, as child_process's errors carry it. */
  get stderr(): string {
    return this.result.stderr;
  }
}

export class OscSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((r: SessionResult) => void)[] = [];
  private exited: Error | null = null;

  constructor() {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OS_')));
    this.child = spawn('/usr/bin/python3', [SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.waiting.shift()?.(JSON.parse(line) as SessionResult);
    });
    let stderr = '';
    this.child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    this.child.on('exit', (code) => {
      this.exited = new Error(`the client session exited ${code}: ${stderr.slice(-2000)}`);
      for (const w of this.waiting.splice(0)) w({ rc: -1, stdout: '', stderr: this.exited.message });
    });
  }

  /** Runs one command; resolves whatever its exit code. */
  run(
    tool: SessionTool,
    argv: readonly string[],
    env: Record<string, string | undefined>,
  ): Promise<SessionResult> {
    if (this.exited) return Promise.reject(this.exited);
    const clean = Object.fromEntries(
      Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
    );
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${JSON.stringify({ tool, argv, env: clean })}\n`);
    });
  }

  /** Runs one command; throws CliCommandFailed when it exits non-zero. */
  async check(
    tool: SessionTool,
    argv: readonly string[],
    env: Record<string, string | undefined>,
  ): Promise<string> {
    const r = await this.run(tool, argv, env);
    if (r.rc !== 0) throw new CliCommandFailed(`${tool} ${argv.join(' ')}`, r);
    return r.stdout;
  }

  close(): void {
    this.child.stdin.end();
  }
}
