/**
 * `novats up --config-file F` applies what the composition root reads, as the
 * one-service processes do: `[DEFAULT] transport_url` puts every service of
 * the all-in-one on that broker (RabbitMQ here, a vhost of the test's own),
 * and `[api_database]`, `[database]` and `[placement_database] connection`
 * name its databases, cell0 following `[database]` as map_cell0 derives it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, waitFor } from '../support/cloud.js';
import { type NovatsUp, startNovatsUp } from '../support/novats-up.js';
import { createRabbitVhost, deleteRabbitVhost, type RabbitVhost, rabbitmqctl } from '../support/rabbitmq.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const admin = { 'x-auth-token': 'admin:admin' };

describe('novats up --config-file with an operator nova.conf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'novats-up-conf-'));
  const files = {
    api: join(dir, 'api.sqlite'),
    cell: join(dir, 'nova.sqlite'),
    placement: join(dir, 'placement.sqlite'),
  };
  let vhost: RabbitVhost;
  let up: NovatsUp;

  beforeAll(async () => {
    vhost = await createRabbitVhost('novats_upconf');
    const conf = join(dir, 'nova.conf');
    writeFileSync(
      conf,
      [
        '[DEFAULT]',
        `transport_url = ${vhost.url}`,
        '[api_database]',
        `connection = sqlite:///${files.api}`,
        '[database]',
        `connection = sqlite:///${files.cell}`,
        '[placement_database]',
        `connection = sqlite:///${files.placement}`,
        '',
      ].join('\n'),
    );
    up = await startNovatsUp(
      ['--hosts', '2', '--state-dir', join(dir, 'state'), '--no-dashboard', '--config-file', conf],
      60_000,
    );
  }, 90_000);

  afterAll(async () => {
    if (up) expect(await up.stop()).toBe(0);
    if (vhost) await deleteRabbitVhost(vhost);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('runs its services on the configured broker and databases, and boots a server there', async () => {
    const queues = (await rabbitmqctl(['list_queues', '-p', vhost.name, '--quiet', 'name'])).split('\n');
    for (const q of ['conductor', 'scheduler', 'compute.compute1', 'compute.compute2'])
      expect(queues).toContain(q);
    for (const file of [files.api, files.cell, `${files.cell}_cell0`, files.placement])
      expect(existsSync(file), file).toBe(true);
    // The all-in-one's own SQLite files were not made.
    for (const name of ['nova_api', 'nova', 'nova_cell0', 'placement'])
      expect(existsSync(join(dir, 'state', `${name}.sqlite`)), name).toBe(false);

    const created = await http(
      `${up.compute}/servers`,
      'POST',
      { server: { name: 'on-rabbit', imageRef: IMAGE, flavorRef: '1' } },
      admin,
    );
    expect(created.status).toBe(202);
    const id = created.body.server.id;
    await waitFor('the server to be ACTIVE', async () => {
      const s = (await http(`${up.compute}/servers/${id}`, 'GET', undefined, admin)).body.server;
      if (s.status === 'ERROR') throw new Error(`server in ERROR: ${JSON.stringify(s.fault)}`);
      return s.status === 'ACTIVE' ? s : undefined;
    });
    const hypervisors = await http(`${up.compute}/os-hypervisors`, 'GET', undefined, admin);
    expect(hypervisors.body.hypervisors).toHaveLength(2);
  }, 60_000);
});
