/**
 * `novats up` as a user runs it: the built command starts the whole cloud in
 * the foreground, prints its endpoints, boots a server through the API, and
 * stops cleanly on SIGINT. (`npm test` builds the packages first.) Once on
 * SQLite, once on the machine's PostgreSQL with `--database`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/cloud.js';
import { serverAdmin } from '../support/databases.js';

const CLI = join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'novats.cjs');
/** Free ports chosen by the system, so that a developer's own `novats up` on 8774 does not matter. */
const FREE_PORTS = [
  '--compute-port',
  '0',
  '--placement-port',
  '0',
  '--image-port',
  '0',
  '--identity-port',
  '0',
  '--metadata-port',
  '0',
  '--ec2-port',
  '0',
];

/**
 * Runs `novats up ...`, boots one server to ACTIVE through the Compute API,
 * stops the cloud with SIGINT (which must exit 0) and returns the server's
 * id and what the command printed.
 */
async function bootThroughUp(args: readonly string[]): Promise<{ id: string; out: string }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, 'up', ...args, ...FREE_PORTS], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (d: Buffer) => {
    out += d;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const compute = await waitFor(
      'novats up to print its endpoints',
      async () => {
        if (child.exitCode !== null) throw new Error(`novats up exited ${child.exitCode}:\n${out}`);
        return /Compute API\s+(\S+)/.exec(out)?.[1];
      },
      10_000,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(out).toMatch(/Placement API\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('X-Auth-Token');
    const headers = { 'x-auth-token': 'admin:admin', 'content-type': 'application/json' };
    const res = await fetch(`${compute}/servers`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        server: { name: 'cli-vm', imageRef: 'a2459075-d96c-40d5-893e-577ff92e721c', flavorRef: '1' },
      }),
    });
    expect(res.status).toBe(202);
    const id = ((await res.json()) as any).server.id as string;
    await waitFor('ACTIVE', async () => {
      const s = (await (await fetch(`${compute}/servers/${id}`, { headers })).json()) as any;
      return s.server.status === 'ACTIVE' ? true : undefined;
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('Stopped cleanly.');
    return { id, out };
  } finally {
    child.kill('SIGKILL');
  }
}

it('brings the cloud up in seconds, boots a server and shuts down on SIGINT', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'novats-up-'));
  try {
    await bootThroughUp(['--hosts', '2', '--state-dir', stateDir]);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});

describe('novats up --database postgresql://', () => {
  /** The install guide's names, which `novats up --database` uses as they are. */
  const NAMES = ['nova_api', 'nova', 'nova_cell0', 'placement'];
  /** Set once we know the databases were not there before us: only then are they ours to drop. */
  let ours = false;

  beforeAll(async () => {
    const admin = serverAdmin('postgresql');
    try {
      const found = await admin.raw('SELECT datname FROM pg_database WHERE datname = ANY(?)', [NAMES]);
      const taken = (found.rows as { datname: string }[]).map((r) => r.datname);
      if (taken.length > 0)
        throw new Error(
          `PostgreSQL on 127.0.0.1:5432 already has ${taken.join(', ')}; this test creates and then drops ` +
            `${NAMES.join(', ')}, so it will not run over someone else's data. Drop or rename them first.`,
        );
    } finally {
      await admin.destroy();
    }
    ours = true;
  });

  afterAll(async () => {
    if (!ours) return;
    const admin = serverAdmin('postgresql');
    try {
      // NOTE(postgresql): FORCE ends sessions a pool of the stopped cloud might still hold.
      for (const name of NAMES) await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
    } finally {
      await admin.destroy();
    }
  });

  it('creates nova_api, nova, nova_cell0 and placement there and boots a server on them', async () => {
    const { id, out } = await bootThroughUp([
      '--database',
      'postgresql://postgres@127.0.0.1',
      '--hosts',
      '2',
    ]);
    expect(out).toContain('state in postgresql://postgres@127.0.0.1');
    const admin = serverAdmin('postgresql');
    let present: string[];
    try {
      const found = await admin.raw('SELECT datname FROM pg_database WHERE datname = ANY(?)', [NAMES]);
      present = (found.rows as { datname: string }[]).map((r) => r.datname).sort();
    } finally {
      await admin.destroy();
    }
    expect(present).toEqual([...NAMES].sort());
    // The server's row is in the PostgreSQL cell database, not in some SQLite file.
    const cell = knex({
      client: 'pg',
      connection: { host: '127.0.0.1', port: 5432, user: 'postgres', password: '', database: 'nova' },
      pool: { min: 0, max: 1 },
    });
    try {
      const rows = await cell('instances').where({ uuid: id }).select('vm_state', 'host');
      expect(rows).toHaveLength(1);
      expect(rows[0].vm_state).toBe('active');
      expect(rows[0].host).toMatch(/^compute[12]$/);
    } finally {
      await cell.destroy();
    }
  }, 60_000);
});
