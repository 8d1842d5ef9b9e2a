/**
 * The real client as judge: runs python-openstackclient with osc-placement
 * against our Placement app (SQLite) and asserts on its parsed `-f json`
 * output. Auth is keystoneauth's `admin_token` plugin, which sends
 * `X-Auth-Token: admin` to a fixed endpoint, as osc-placement's own
 * functional tests do. Without the Debian packages the suite fails.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { type KnexPlacementStore, openPlacementStore } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlacementApp } from '../../packages/server/src/api/placement/index.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

const run = promisify(execFile);

/** True when `openstack` exists and its own interpreter can import osc_placement. */
function oscAvailable(): boolean {
  const which = spawnSync('sh', ['-c', 'command -v openstack'], { encoding: 'utf8' });
  if (which.status !== 0) return false;
  // The python3 first on PATH may not be the one the Debian packages installed into.
  const shebang = /^#!\s*(\S+)/.exec(readFileSync(which.stdout.trim(), 'utf8').split('\n')[0] ?? '');
  const python = shebang?.[1] ?? 'python3';
  return spawnSync(python, ['-c', 'import osc_placement'], { encoding: 'utf8' }).status === 0;
}

// NOTE(no skip): without the client these tests fail, saying what to install (.ci/run installs it).
const AVAILABLE = oscAvailable();

const CONSUMER = '11111111-2222-3333-4444-555555555555';
const AGGREGATE = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const SLOW = 120_000;

describe('osc-placement against the placement app', () => {
  it('has the openstack client with osc-placement installed', () => {
    expect(AVAILABLE, 'install the Debian packages python3-openstackclient and python3-osc-placement').toBe(
      true,
    );
  });

  let db: TestDatabase;
  let store: KnexPlacementStore;
  let app: ReturnType<typeof createPlacementApp>;
  let endpoint: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'placement_osc');
    store = await openPlacementStore(db.url);
    app = createPlacementApp({ store });
    await app.listen({ host: '127.0.0.1', port: 0 });
    endpoint = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
  });

  /** Runs `openstack …` (async: the server lives in this process); parses JSON output. */
  async function osc(args: string[], version = '1.39'): Promise<any> {
    const { stdout } = await run(
      'openstack',
      [
        '--os-auth-type',
        'admin_token',
        '--os-token',
        'admin',
        '--os-endpoint',
        endpoint,
        '--os-placement-api-version',
        version,
        ...args,
      ],
      { env: { ...process.env, OS_CLOUD: '', PYTHONWARNINGS: 'ignore' }, timeout: 60_000 },
    );
    return stdout.trim() ? JSON.parse(stdout) : undefined;
  }
  /** Runs a command expected to fail; returns osc's error text. */
  async function oscFails(args: string[], version = '1.39'): Promise<string> {
    try {
      await osc(args, version);
    } catch (err) {
      return String((err as { stderr?: string }).stderr);
    }
    throw new Error(`openstack ${args.join(' ')} succeeded`);
  }

  it(
    'manages resource providers, inventories and usages',
    async () => {
      const root = await osc(['resource', 'provider', 'create', 'osc-root', '-f', 'json']);
      expect(root).toMatchObject({ name: 'osc-root', generation: 0, parent_provider_uuid: null });
      expect(root.root_provider_uuid).toBe(root.uuid);

      const child = await osc([
        'resource',
        'provider',
        'create',
        'osc-child',
        '--parent-provider',
        root.uuid,
        '-f',
        'json',
      ]);
      expect(child).toMatchObject({ parent_provider_uuid: root.uuid, root_provider_uuid: root.uuid });

      const renamed = await osc([
        'resource',
        'provider',
        'set',
        root.uuid,
        '--name',
        'osc-root2',
        '-f',
        'json',
      ]);
      expect(renamed).toMatchObject({ name: 'osc-root2', generation: 0 });
      const tree = await osc(['resource', 'provider', 'list', '--in-tree', root.uuid, '-f', 'json']);
      expect(tree.map((p: { name: string }) => p.name).sort()).toEqual(['osc-child', 'osc-root2']);

      const inv = await osc([
        'resource',
        'provider',
        'inventory',
        'set',
        root.uuid,
        '--resource',
        'VCPU=8',
        '--resource',
        'VCPU:allocation_ratio=2.0',
        '--resource',
        'MEMORY_MB=4096',
        '--resource',
        'DISK_GB=100',
        '-f',
        'json',
      ]);
      const byClass = Object.fromEntries(inv.map((r: { resource_class: string }) => [r.resource_class, r]));
      expect(byClass.VCPU).toMatchObject({ total: 8, allocation_ratio: 2, reserved: 0, min_unit: 1 });
      expect(byClass.MEMORY_MB).toMatchObject({ total: 4096, max_unit: 2147483647 });

      // `inventory list` joins provider usages by class: every inventoried class must be there.
      const listed = await osc(['resource', 'provider', 'inventory', 'list', root.uuid, '-f', 'json']);
      expect(listed).toHaveLength(3);
      expect(listed.find((r: { resource_class: string }) => r.resource_class === 'DISK_GB')).toMatchObject({
        total: 100,
        used: 0,
      });
      const shown = await osc(['resource', 'provider', 'inventory', 'show', root.uuid, 'VCPU', '-f', 'json']);
      expect(shown).toMatchObject({ total: 8, allocation_ratio: 2, used: 0 });

      const classSet = await osc([
        'resource',
        'provider',
        'inventory',
        'class',
        'set',
        root.uuid,
        'DISK_GB',
        '--total',
        '200',
        '--step_size',
        '10',
        '-f',
        'json',
      ]);
      expect(classSet).toMatchObject({ total: 200, step_size: 10 });
      await osc(['resource', 'provider', 'inventory', 'delete', root.uuid, '--resource-class', 'DISK_GB']);
      const after = await osc(['resource', 'provider', 'inventory', 'list', root.uuid, '-f', 'json']);
      expect(after.map((r: { resource_class: string }) => r.resource_class).sort()).toEqual([
        'MEMORY_MB',
        'VCPU',
      ]);

      const usage = await osc(['resource', 'provider', 'usage', 'show', root.uuid, '-f', 'json']);
      expect(usage).toEqual(
        expect.arrayContaining([
          { resource_class: 'VCPU', usage: 0 },
          { resource_class: 'MEMORY_MB', usage: 0 },
        ]),
      );

      expect(await oscFails(['resource', 'provider', 'delete', root.uuid])).toMatch(/HTTP 409/);
      await osc(['resource', 'provider', 'delete', child.uuid]);
      const shownRoot = await osc(['resource', 'provider', 'show', root.uuid, '--allocations', '-f', 'json']);
      expect(shownRoot).toMatchObject({ name: 'osc-root2', allocations: {} });
      expect(await oscFails(['resource', 'provider', 'show', child.uuid])).toMatch(/HTTP 404/);
    },
    SLOW,
  );

  it(
    'sets, shows, unsets and deletes allocations; answers candidates and project usages',
    async () => {
      const rp = await osc(['resource', 'provider', 'create', 'osc-alloc', '-f', 'json']);
      await osc([
        'resource',
        'provider',
        'inventory',
        'set',
        rp.uuid,
        '--resource',
        'VCPU=4',
        '--resource',
        'MEMORY_MB=2048',
        '-f',
        'json',
      ]);

      const set = await osc([
        'resource',
        'provider',
        'allocation',
        'set',
        CONSUMER,
        '--allocation',
        `rp=${rp.uuid},VCPU=2,MEMORY_MB=512`,
        '--project-id',
        'p-osc',
        '--user-id',
        'u-osc',
        '--consumer-type',
        'INSTANCE',
        '-f',
        'json',
      ]);
      expect(set).toEqual([
        expect.objectContaining({
          resource_provider: rp.uuid,
          resources: { VCPU: 2, MEMORY_MB: 512 },
          project_id: 'p-osc',
          user_id: 'u-osc',
          consumer_type: 'INSTANCE',
        }),
      ]);
      const shown = await osc(['resource', 'provider', 'allocation', 'show', CONSUMER, '-f', 'json']);
      expect(shown[0]).toMatchObject({ resource_provider: rp.uuid, resources: { VCPU: 2, MEMORY_MB: 512 } });

      const usage = await osc(['resource', 'provider', 'usage', 'show', rp.uuid, '-f', 'json']);
      expect(usage).toEqual(
        expect.arrayContaining([
          { resource_class: 'VCPU', usage: 2 },
          { resource_class: 'MEMORY_MB', usage: 512 },
        ]),
      );
      const projectUsage = await osc(['resource', 'usage', 'show', 'p-osc', '-f', 'json']);
      expect(projectUsage).toEqual([
        { resource_class: 'INSTANCE', usage: { VCPU: 2, MEMORY_MB: 512, consumer_count: 1 } },
      ]);
      const oldUsage = await osc(['resource', 'usage', 'show', 'p-osc', '-f', 'json'], '1.9');
      expect(oldUsage).toEqual(
        expect.arrayContaining([
          { resource_class: 'VCPU', usage: 2 },
          { resource_class: 'MEMORY_MB', usage: 512 },
        ]),
      );

      const candidates = await osc(['allocation', 'candidate', 'list', '--resource', 'VCPU=1', '-f', 'json']);
      const mine = candidates.find((c: Record<string, string>) => c['resource provider'] === rp.uuid);
      expect(mine).toMatchObject({
        allocation: 'VCPU=1',
        'inventory used/capacity': 'VCPU=2/4,MEMORY_MB=512/2048',
      });
      const none = await osc(['allocation', 'candidate', 'list', '--resource', 'VCPU=3', '-f', 'json']);
      expect(none.some((c: Record<string, string>) => c['resource provider'] === rp.uuid)).toBe(false);

      const unset = await osc([
        'resource',
        'provider',
        'allocation',
        'unset',
        CONSUMER,
        '--resource-class',
        'MEMORY_MB',
        '-f',
        'json',
      ]);
      expect(unset[0]).toMatchObject({ resource_provider: rp.uuid, resources: { VCPU: 2 } });
      await osc(['resource', 'provider', 'allocation', 'delete', CONSUMER]);
      expect(await osc(['resource', 'provider', 'allocation', 'show', CONSUMER, '-f', 'json'])).toEqual([]);
      expect(await oscFails(['resource', 'provider', 'allocation', 'delete', CONSUMER])).toMatch(
        /No allocations for consumer .* \(HTTP 404\)/,
      );
    },
    SLOW,
  );

  it(
    'manages traits, resource classes and aggregates',
    async () => {
      const rp = await osc(['resource', 'provider', 'create', 'osc-traits', '-f', 'json']);

      await osc(['trait', 'create', 'CUSTOM_OSC_GOLD']);
      expect(await osc(['trait', 'list', '--name', 'startswith:CUSTOM_OSC', '-f', 'json'])).toEqual([
        { name: 'CUSTOM_OSC_GOLD' },
      ]);
      expect(await osc(['trait', 'show', 'CUSTOM_OSC_GOLD', '-f', 'json'])).toEqual({
        name: 'CUSTOM_OSC_GOLD',
      });
      const traits = await osc([
        'resource',
        'provider',
        'trait',
        'set',
        rp.uuid,
        '--trait',
        'CUSTOM_OSC_GOLD',
        '--trait',
        'HW_CPU_X86_AVX2',
        '-f',
        'json',
      ]);
      expect(traits).toEqual(
        expect.arrayContaining([{ name: 'CUSTOM_OSC_GOLD' }, { name: 'HW_CPU_X86_AVX2' }]),
      );
      expect(await osc(['resource', 'provider', 'trait', 'list', rp.uuid, '-f', 'json'])).toHaveLength(2);
      // osc sends `associated=True`.
      const associated = await osc(['trait', 'list', '--associated', '-f', 'json']);
      expect(associated.map((t: { name: string }) => t.name).sort()).toEqual([
        'CUSTOM_OSC_GOLD',
        'HW_CPU_X86_AVX2',
      ]);
      expect(await oscFails(['trait', 'delete', 'CUSTOM_OSC_GOLD'])).toMatch(/HTTP 409/);
      await osc(['resource', 'provider', 'trait', 'delete', rp.uuid]);
      expect(await osc(['resource', 'provider', 'trait', 'list', rp.uuid, '-f', 'json'])).toEqual([]);
      await osc(['trait', 'delete', 'CUSTOM_OSC_GOLD']);
      expect(await oscFails(['trait', 'show', 'CUSTOM_OSC_GOLD'])).toMatch(/HTTP 404/);

      await osc(['resource', 'class', 'create', 'CUSTOM_OSC_FPGA']);
      const classes = await osc(['resource', 'class', 'list', '-f', 'json']);
      expect(classes).toEqual(expect.arrayContaining([{ name: 'VCPU' }, { name: 'CUSTOM_OSC_FPGA' }]));
      expect(await osc(['resource', 'class', 'show', 'CUSTOM_OSC_FPGA', '-f', 'json'])).toEqual({
        name: 'CUSTOM_OSC_FPGA',
      });
      await osc(['resource', 'class', 'set', 'CUSTOM_OSC_ASIC']);
      await osc(['resource', 'class', 'delete', 'CUSTOM_OSC_FPGA']);
      expect(await oscFails(['resource', 'class', 'show', 'CUSTOM_OSC_FPGA'])).toMatch(/HTTP 404/);
      expect(await oscFails(['resource', 'class', 'delete', 'VCPU'])).toMatch(/HTTP 400/);

      const current = await osc(['resource', 'provider', 'show', rp.uuid, '-f', 'json']);
      expect(
        await oscFails([
          'resource',
          'provider',
          'aggregate',
          'set',
          rp.uuid,
          '--aggregate',
          AGGREGATE,
          '--generation',
          String(current.generation + 7),
        ]),
      ).toMatch(/HTTP 409/);
      const aggs = await osc([
        'resource',
        'provider',
        'aggregate',
        'set',
        rp.uuid,
        '--aggregate',
        AGGREGATE,
        '--generation',
        String(current.generation),
        '-f',
        'json',
      ]);
      expect(aggs).toEqual([{ uuid: AGGREGATE }]);
      expect(await osc(['resource', 'provider', 'aggregate', 'list', rp.uuid, '-f', 'json'])).toEqual([
        { uuid: AGGREGATE },
      ]);
      const members = await osc(['resource', 'provider', 'list', '--member-of', AGGREGATE, '-f', 'json']);
      expect(members.map((p: { uuid: string }) => p.uuid)).toEqual([rp.uuid]);
      // Before 1.19 the generation is neither sent nor checked.
      expect(await osc(['resource', 'provider', 'aggregate', 'set', rp.uuid, '-f', 'json'], '1.1')).toEqual(
        [],
      );
    },
    SLOW,
  );
});
