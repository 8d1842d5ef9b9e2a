/**
 * nova-manage against a real nova.conf, following the operator's install
 * walkthrough (shared/seed/nova-install-notes.txt): api_db sync, the cells v1
 * `cell create/list`, db sync, then the cells v2 commands.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maskConnectionUrl, openApiDatabase, openCellDatabase } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNovaManage } from '../../packages/cli/src/manage/nova-manage-main.js';
import {
  createServerDatabase,
  createTestDatabase,
  DIALECTS,
  type TestDatabase,
} from '../support/databases.js';
import { computeNode } from './manage-fixture.js';

describe.each(DIALECTS)('nova-manage on %s', (dialect) => {
  const dbs: TestDatabase[] = [];
  let conf: string;
  let apiUrl: string;
  let cellUrl: string;

  async function manage(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runNovaManage(['--config-file', conf, ...argv], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  beforeAll(async () => {
    const api = await createTestDatabase(dialect, 'nm_api');
    const cell = await createTestDatabase(dialect, 'nm_nova');
    dbs.push(api, cell);
    apiUrl = api.url;
    cellUrl = cell.url;
    if (dialect !== 'sqlite') {
      // The default cell0 database is the main one's name + "_cell0", created by the operator.
      const name = cellUrl.slice(cellUrl.lastIndexOf('/') + 1);
      dbs.push(await createServerDatabase(dialect, `${name}_cell0`));
    }
    const dir = mkdtempSync(join(tmpdir(), 'nova-manage-'));
    conf = join(dir, 'nova.conf');
    writeFileSync(
      conf,
      [
        '[DEFAULT]',
        'state_path=/var/lib/nova',
        'verbose=True',
        'enabled_apis=ec2,osapi_compute,metadata',
        'transport_url = rabbit://guest:secret@controller',
        'my_ip = 10.10.10.12',
        '',
        '[api_database]',
        `connection = ${apiUrl}`,
        '[database]',
        `connection = ${cellUrl}`,
        '',
        '[vnc]',
        'enabled = true',
        'vncserver_listen = $my_ip',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('runs the install walkthrough: api_db sync, cell create/list, db sync', async () => {
    const sync = await manage('api_db', 'sync');
    expect(sync.code).toBe(0);
    expect(sync.out).toContain('Option "verbose" from group "DEFAULT" is deprecated for removal.');
    expect((await manage('api_db', 'version')).out).toMatch(/\d+$/);

    const empty = await manage('cell', 'list');
    expect(empty.code).toBe(0);
    const emptyLines = empty.out
      .split('\n')
      .filter((l) => !l.startsWith('Option') && !l.includes('deprecated'));
    expect(emptyLines.slice(-3).map((l) => l.trimEnd())).toEqual([
      ' Id  Name        Type    Username    Hostname         Port   VHost',
      '---  ----------  ------  ----------  ---------------  -----  ----------',
      '---  ----------  ------  ----------  ---------------  -----  ----------',
    ]);

    for (const [name, type] of [
      ['cell0', 'parent'],
      ['cell1', 'child'],
    ]) {
      const created = await manage(
        'cell',
        'create',
        '--name',
        name,
        '--cell_type',
        type,
        '--username',
        'user',
        '--password',
        '123',
        '--hostname',
        '10.10.10.12',
        '--port',
        '15672',
        '--virtual_host',
        'api_vhost',
        '--woffset',
        '1.0',
        '--wscale',
        '1.0',
      );
      expect(created.code).toBe(0);
    }
    const listed = (await manage('cell', 'list')).out.split('\n').map((l) => l.trimEnd());
    expect(listed).toContain('  1  cell0       parent  user        10.10.10.12      15672  api_vhost');
    expect(listed).toContain('  2  cell1       child   user        10.10.10.12      15672  api_vhost');

    const badType = await manage(
      'cell',
      'create',
      '--name',
      'x',
      '--cell_type',
      'sibling',
      '--woffset',
      '1',
      '--wscale',
      '1',
    );
    expect(badType.code).toBe(2);
    expect(badType.out).toContain("cell type must be 'parent'/'api' or 'child'/'compute'");

    const dbSync = await manage('db', 'sync');
    expect(dbSync.code).toBe(0);
    expect(dbSync.out).toContain('WARNING: cell0 mapping not found - not syncing cell0.');
    expect(Number((await manage('db', 'version')).out.split('\n').pop())).toBeGreaterThan(0);
  });

  it('maps cell0 and cell1 and discovers compute hosts (cells v2)', async () => {
    const m0 = await manage('cell_v2', 'map_cell0');
    expect(m0.code).toBe(0);
    expect((await manage('cell_v2', 'map_cell0')).out).toContain('Cell0 is already setup');
    expect((await manage('db', 'sync')).code).toBe(0); // now also syncs cell0

    const created = await manage('cell_v2', 'create_cell', '--name', 'cell1', '--verbose');
    expect(created.code).toBe(0);
    const cellUuid = created.out.split('\n').pop()!;
    expect(cellUuid).toMatch(/^[0-9a-f-]{36}$/);
    const dup = await manage('cell_v2', 'create_cell', '--name', 'again');
    expect(dup.code).toBe(2);
    expect(dup.out).toContain(`already exists for another cell with uuid ${cellUuid}`);

    const cells = await manage('cell_v2', 'list_cells');
    expect(cells.out).toMatch(/\|\s+cell0\s+\|\s+00000000-0000-0000-0000-000000000000\s+\|\s+none:\/\s+\|/);
    expect(cells.out).toContain('rabbit://guest:****@controller');
    expect(cells.out).not.toContain('secret');
    // Both database connections are listed as configured, password masked.
    expect(cells.out).toContain(maskConnectionUrl(cellUrl));
    expect(cells.out).toContain(maskConnectionUrl(`${cellUrl}_cell0`));
    if (dialect === 'postgresql')
      expect(cells.out).toContain('postgresql+psycopg2://postgres:****@127.0.0.1:5432/');

    const cell = await openCellDatabase(cellUrl);
    for (const host of ['compute1', 'compute2']) {
      await cell.computeNodes.save(computeNode(host));
    }
    await cell.close();
    const found = await manage('cell_v2', 'discover_hosts', '--verbose');
    expect(found.code).toBe(0);
    expect(found.out).toContain('Skipping cell0 since it does not contain hosts.');
    expect(found.out).toContain(`Creating host mapping for compute host 'compute1': ${cellUuid}`);
    expect(found.out).toContain(`Found 2 unmapped computes in cell: ${cellUuid}`);
    expect((await manage('cell_v2', 'discover_hosts', '--strict')).code).toBe(1);
    const hosts = await manage('cell_v2', 'list_hosts');
    expect(hosts.out).toMatch(/\|\s+cell1\s+\|\s+[0-9a-f-]{36}\s+\|\s+compute2\s+\|/);
    const api = await openApiDatabase(apiUrl);
    expect((await api.hostMappings.get('compute1'))?.cell_uuid).toBe(cellUuid);
    await api.close();
  });

  it('explains what is missing instead of crashing', async () => {
    expect((await manage('no_such_category', 'x')).code).toBe(2);
    expect(
      await runNovaManage(['--config-file', '/nonexistent/nova.conf', 'db', 'sync'], {
        out: () => {},
        err: () => {},
      }),
    ).toBe(1);
  });
});

describe('nova-manage with a malformed connection string', () => {
  it('fails naming the masked URL and the accepted forms, never the password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nova-manage-bad-'));
    const conf = join(dir, 'nova.conf');
    writeFileSync(conf, '[api_database]\nconnection = postgresql://nova:hunter2@controller:99999/nova_api\n');
    const lines: string[] = [];
    const code = await runNovaManage(['--config-file', conf, 'api_db', 'sync'], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
    }).catch((err: Error) => {
      lines.push(err.message);
      return 1;
    });
    expect(code).not.toBe(0);
    const text = lines.join('\n');
    expect(text).toContain("Invalid database connection 'postgresql://nova:****@controller:99999/nova_api'");
    expect(text).toMatch(/Accepted forms: .*postgresql:\/\/user:pass@host\[:port\]\/db/);
    expect(text).not.toContain('hunter2');
  });
});
