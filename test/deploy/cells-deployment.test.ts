/**
 * Cells v2 for real: cell1 shares the API's RabbitMQ vhost, cell2 has its own
 * vhost and database, its own nova-conductor and its own nova-compute. The
 * super-conductor writes each server into its host's cell, the API merges
 * the cells in listings and reaches each cell's hosts on that cell's queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { Deployment } from '../support/deployment.js';
import { createRabbitVhost, deleteRabbitVhost, type RabbitVhost } from '../support/rabbitmq.js';
import {
  bootServers,
  deleteServers,
  ensureFlavor,
  eventually,
  expectAllActive,
  expectNoUsage,
  totalUsage,
  waitSettled,
} from './boot-storm.js';

describe('two cells, each with its own queue, database, conductor and compute', () => {
  let apiVhost: RabbitVhost;
  let cell2Vhost: RabbitVhost;
  let cell2Db: TestDatabase;
  let d: Deployment;
  let cell2Conf: string;
  let cell2Text: string;

  beforeAll(async () => {
    apiVhost = await createRabbitVhost('novats_cells_api');
    cell2Vhost = await createRabbitVhost('novats_cells_c2');
    cell2Db = await createTestDatabase('mysql', 'novats_cell2');
    d = new Deployment({ transportUrl: apiVhost.url, dialect: 'mysql', computes: [], conductors: 0 });
    await d.prepare();
    // cell2's own nova.conf lines: its queue and its database.
    cell2Text = `[DEFAULT]\ntransport_url = ${cell2Vhost.url}\n[database]\nconnection = ${cell2Db.url}\n`;
    cell2Conf = d.configFile('cell2.conf', cell2Text);
    await d.manageWith([cell2Conf], 'db', 'sync');
    await d.manage(
      'cell_v2',
      'create_cell',
      '--name',
      'cell2',
      '--transport-url',
      cell2Vhost.url,
      '--database_connection',
      cell2Db.url,
    );
    await d.start('placement', 'placement-api');
    await Promise.all([
      d.start('api', 'nova-api'),
      d.start('scheduler', 'nova-scheduler'),
      d.start('super-conductor', 'nova-conductor', 'conductor1'),
      d.start('cell2-conductor', 'nova-conductor', 'conductor2', cell2Text),
    ]);
    await Promise.all([
      d.start('compute1', 'nova-compute', 'compute1'),
      d.start('compute2', 'nova-compute', 'compute2', cell2Text),
    ]);
    await d.manage('cell_v2', 'discover_hosts');
    await ensureFlavor(d);
  }, 180_000);

  afterAll(async () => {
    const codes = await d?.stop();
    await cell2Db?.drop();
    for (const v of [apiVhost, cell2Vhost]) if (v) await deleteRabbitVhost(v).catch(() => {});
    for (const [name, code] of Object.entries(codes ?? {})) expect(code, name).toBe(0);
  }, 60_000);

  it('maps each compute host to its own cell', async () => {
    const out = await d.manage('cell_v2', 'list_hosts');
    expect(out).toMatch(/cell1\s*\|[^\n]*compute1/);
    expect(out).toMatch(/cell2\s*\|[^\n]*compute2/);
    await eventually(async () => {
      const res = await d.compute('GET', '/os-services?binary=nova-compute');
      expect((res.body.services as any[]).map((s) => `${s.host}:${s.state}`).sort()).toEqual([
        'compute1:up',
        'compute2:up',
      ]);
    });
  });

  it('builds servers in both cells, lists them together, and reaches each cell on its own queue', async () => {
    const ids = await bootServers(d, 10, 'cells', 5);
    const settled = await waitSettled(d, ids, 60_000);
    await expectAllActive(d, settled);
    const hosts = new Set([...settled.values()].map((s) => s.host));
    expect(hosts).toEqual(new Set(['compute1', 'compute2']));

    // Each instance lives in its host's cell database.
    const inCell2 = [...settled.entries()].find(([, s]) => s.host === 'compute2')![0];
    const verify = await d.manage('cell_v2', 'verify_instance', '--uuid', inCell2);
    expect(verify).toContain('cell2');

    // os-stop travels to compute2 over cell2's queue.
    expect((await d.compute('POST', `/servers/${inCell2}/action`, { 'os-stop': null })).status).toBe(202);
    await eventually(async () => {
      const res = await d.compute('GET', `/servers/${inCell2}`);
      expect(res.body.server.status).toBe('SHUTOFF');
    });

    await deleteServers(d, ids);
    expectNoUsage(await totalUsage(d));
  }, 120_000);
});
