/**
 * `novats up` with its embedded identity service and dashboard, started from
 * the built CLI on free ports for the browser test; the admin's password is
 * read from the openrc it writes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../support/cloud.js';

const CLI = join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'novats.cjs');

export interface DashboardCloud {
  readonly dashboard: string;
  readonly adminPassword: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startDashboardCloud(
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<DashboardCloud> {
  const stateDir = mkdtempSync(join(tmpdir(), 'novats-dashboard-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      CLI,
      'up',
      '--state-dir',
      stateDir,
      ...['--compute-port', '0', '--placement-port', '0', '--image-port', '0', '--identity-port', '0'],
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const collect = (d: Buffer) => {
    out += d;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    const dashboard = await waitFor(
      'novats up to print the dashboard URL',
      async () => {
        if (child.exitCode !== null) throw new Error(`novats up exited ${child.exitCode}:\n${out}`);
        return /Dashboard\s+(\S+?)\/?\n/.exec(out)?.[1];
      },
      timeoutMs,
    );
    const adminPassword = /^export OS_PASSWORD=(\S+)$/m.exec(
      readFileSync(join(stateDir, 'openrc'), 'utf8'),
    )![1];
    return { dashboard, adminPassword, output: () => out, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${out}`);
  }
}
