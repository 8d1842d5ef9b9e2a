/**
 * Each bin is a CommonJS launcher of its ES module (packages/cli/src/launcher.ts)
 * so that libuv's thread pool takes Novats' size: Node's ES module loader
 * starts the pool before an ES entry point's first line could set it.
 * Counted from /proc: the same `novats up` with UV_THREADPOOL_SIZE=4 runs
 * exactly two threads more than by default, and the variable still wins.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_THREADPOOL_SIZE } from '../../packages/cli/src/launcher.js';
import { startNovatsUp } from '../support/novats-up.js';

describe('the novats launcher', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Threads of a running `novats up` started with UV_THREADPOOL_SIZE = `size` (unset when undefined). */
  async function threadsOfUp(size: string | undefined): Promise<number> {
    const dir = mkdtempSync(join(tmpdir(), 'novats-launcher-'));
    dirs.push(dir);
    const { UV_THREADPOOL_SIZE: _ignored, ...env } = process.env;
    const up = await startNovatsUp(
      ['--hosts', '1', '--state-dir', dir],
      20_000,
      size === undefined ? env : { ...env, UV_THREADPOOL_SIZE: size },
    );
    try {
      return readdirSync(`/proc/${up.pid}/task`).length;
    } finally {
      expect(await up.stop()).toBe(0);
    }
  }

  it('runs libuv with Novats pool size unless UV_THREADPOOL_SIZE is set', async () => {
    const byDefault = await threadsOfUp(undefined);
    const withFour = await threadsOfUp('4');
    const withSix = await threadsOfUp('6');
    expect(DEFAULT_THREADPOOL_SIZE).toBe(2);
    expect(withFour - byDefault).toBe(4 - DEFAULT_THREADPOOL_SIZE);
    expect(withSix - withFour).toBe(2);
  }, 60_000);
});
