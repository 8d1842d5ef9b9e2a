/**
 * `novats-image --config-file nova.conf` as an OS process: it creates its
 * tables in `[api_database]` when missing, keeps data under
 * `[glance_store] filesystem_store_datadir`, serves Glance v2 on --port, and
 * keeps both across a restart; without `[api_database] connection` it stops
 * with a message naming the option.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildCommands, type ServiceProcess, spawnCommand } from '../support/deployment.js';
import { freePort } from '../support/zmq-proxy.js';

describe('novats-image command', () => {
  let db: TestDatabase;
  let dir: string;
  let conf: string;
  let running: ServiceProcess | undefined;

  beforeAll(async () => {
    buildCommands();
    db = await createTestDatabase('sqlite', 'novats_image_cmd');
    dir = mkdtempSync(join(tmpdir(), 'novats-image-cmd-'));
    conf = join(dir, 'nova.conf');
    writeFileSync(
      conf,
      `[api_database]\nconnection = ${db.url}\n[glance_store]\nfilesystem_store_datadir = ${join(dir, 'images')}\n[api]\nauth_strategy = noauth2\n`,
    );
  }, 120_000);
  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<{ url: string; proc: ServiceProcess }> {
    const port = await freePort();
    const proc = await spawnCommand('image', 'novats-image', [
      '--config-file',
      conf,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ]);
    running = proc;
    return { url: `http://127.0.0.1:${port}`, proc };
  }
  async function stop(proc: ServiceProcess): Promise<void> {
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    running = undefined;
  }
  const headers = { 'x-auth-token': 'alice:project-a', accept: 'application/json' };

  it('serves Glance v2 from its own tables and store, across a restart', { timeout: 120_000 }, async () => {
    const first = await start();
    expect(first.proc.output()).toContain('image API listening on');
    const created = await fetch(`${first.url}/v2/images`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'standalone', disk_format: 'qcow2', container_format: 'bare' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const put = await fetch(`${first.url}/v2/images/${id}/file`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: Buffer.from('qcow2-bytes'),
    });
    expect(put.status).toBe(204);
    await stop(first.proc);
    expect(readdirSync(join(dir, 'images'))).toEqual([id]);

    const second = await start();
    const shown = (await (await fetch(`${second.url}/v2/images/${id}`, { headers })).json()) as Record<
      string,
      unknown
    >;
    expect(shown).toMatchObject({ name: 'standalone', status: 'active', size: 11, owner: 'project-a' });
    const data = await fetch(`${second.url}/v2/images/${id}/file`, { headers });
    expect(Buffer.from(await data.arrayBuffer()).toString()).toBe('qcow2-bytes');
    await stop(second.proc);
  });

  it('stops with a message naming [api_database] connection when it is not set', async () => {
    const bare = join(dir, 'bare.conf');
    writeFileSync(bare, '[api]\nauth_strategy = noauth2\n');
    await expect(
      spawnCommand('image-bare', 'novats-image', ['--config-file', bare, '--port', '0']),
    ).rejects.toThrow(/\[api_database\] connection/);
  });
});
