/**
 * Malformed requests against every route of the Compute API (and every
 * server action) and of Placement, generated from their route tables with a
 * seeded PRNG: broken and wrongly typed bodies, junk ids, bad query strings
 * (`changes-since=yesterday`, negative limits, unknown markers), bad or
 * missing tokens and microversions, odd content types. Every request must
 * get an HTTP answer (no reset connection), none a 5xx, and the cloud must
 * still boot a server afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPUTE_ROUTES } from '../../packages/server/src/api/compute/compute-routes.js';
import { SERVER_ACTIONS } from '../../packages/server/src/api/compute/server-actions-routes.js';
import { PLACEMENT_ROUTES } from '../../packages/server/src/api/placement/placement-app.js';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const REQUESTS = 10_000;
const CONCURRENCY = 16;
const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FuzzRequest {
  readonly api: 'compute' | 'placement';
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

describe('API fuzz: malformed requests to every route', () => {
  let t: TestCloud;
  let serverId: string;
  beforeAll(async () => {
    t = await startTestCloud('sqlite');
    const res = await t.compute('POST', '/servers', {
      server: { name: 'fuzz', imageRef: IMAGE, flavorRef: '1' },
    });
    serverId = res.body.server.id;
    await waitFor('fuzz server active', async () =>
      (await t.compute('GET', `/servers/${serverId}`)).body.server?.status === 'ACTIVE' ? true : undefined,
    );
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it(`answers ${REQUESTS} malformed requests without a 5xx`, async () => {
    const rand = prng(20261130);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const ids = () =>
      pick([
        serverId,
        '1',
        '0',
        '-1',
        '99999999999999999999',
        'not-a-uuid',
        '00000000-0000-0000-0000-000000000000',
        'x'.repeat(300),
        '%00',
        '%ZZ',
        '..%2F..',
        'caf%C3%A9',
        'compute1',
        'm1.tiny',
        'statistics',
        'detail',
      ]);
    const scalars = [
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e308,
      '',
      'x',
      'x'.repeat(70_000),
      [],
      {},
      [null],
      { a: { b: {} } },
    ];
    const value = (): unknown => pick(scalars);
    function body(route: string, key?: string): string | undefined {
      const r = rand();
      if (r < 0.1) return undefined;
      if (r < 0.2) return pick(['{', '[', 'null', '"x"', '{"a":', 'nan', '{}{}', '\u0000', '1e999999']);
      if (r < 0.3) return JSON.stringify(value());
      if (key) {
        // A server action: the right key with a junk value, or extra keys.
        const inner =
          rand() < 0.5
            ? value()
            : {
                [pick([
                  'type',
                  'host',
                  'adminPass',
                  'flavorRef',
                  'name',
                  'state',
                  'length',
                  'locked_reason',
                  'imageRef',
                  'block_migration',
                ])]: value(),
              };
        return JSON.stringify(rand() < 0.8 ? { [key]: inner } : { [key]: inner, extra: 1 });
      }
      const top = route.split('/').filter((s) => s && !s.startsWith(':'))[0] ?? 'x';
      const singular = top.replace(/^os-/, '').replace(/s$/, '');
      return JSON.stringify({
        [pick([singular, top, 'server', 'flavor', 'aggregate', 'inventories', 'allocations'])]: value(),
      });
    }
    function query(): string {
      if (rand() < 0.5) return '';
      const params = [
        'limit',
        'marker',
        'changes-since',
        'changes-before',
        'all_tenants',
        'sort_key',
        'sort_dir',
        'status',
        'name',
        'host',
        'deleted',
        'minRam',
        'is_public',
        'resources',
        'member_of',
        'required',
        'in_tree',
        'with_servers',
        'hypervisor_hostname_pattern',
        'tenant_id',
        'user_id',
        'binary',
      ];
      const vals = [
        'yesterday',
        '-1',
        'abc',
        '',
        '1',
        '2020-13-45',
        'true',
        '%',
        '[',
        'x'.repeat(2000),
        'VCPU:-1',
        'in:',
        '!',
        'asc',
        'ACTIVE',
        'uuid',
      ];
      const n = 1 + Math.floor(rand() * 3);
      return `?${Array.from({ length: n }, () => `${encodeURIComponent(pick(params))}=${encodeURIComponent(pick(vals))}`).join('&')}`;
    }
    const computeVersion = () =>
      pick(['2.1', '2.16', '2.53', '2.93', 'latest', '2.94', '1.0', '3.0', 'abc', '2.x', '']);
    const placementVersion = () => pick(['1.0', '1.10', '1.39', 'latest', '1.99', 'abc', '']);
    const token = () => pick(['admin:admin', 'admin:admin', 'alice:proj-a', '', 'admin']);
    const contentType = () =>
      pick(['application/json', 'application/json', 'text/plain', 'application/xml', '']);

    const requests: FuzzRequest[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const onCompute = rand() < 0.75;
      const routes = onCompute ? COMPUTE_ROUTES : PLACEMENT_ROUTES;
      const route = pick(routes as readonly { method: string; path: string }[]);
      const method = rand() < 0.9 ? route.method : pick(['GET', 'PUT', 'POST', 'DELETE', 'PATCH']);
      const path = route.path.replace(/:([a-z_]+)/g, () => encodeURI(ids()).replace(/%25/g, '%'));
      const isAction = onCompute && path.endsWith('/action') && path.startsWith('/servers/');
      const headers: Record<string, string> = {};
      const tok = onCompute ? token() : pick(['admin', 'admin', '', 'alice']);
      if (tok) headers['x-auth-token'] = tok;
      const ver = onCompute ? computeVersion() : placementVersion();
      if (ver) headers['openstack-api-version'] = `${onCompute ? 'compute' : 'placement'} ${ver}`;
      // NOTE(fetch): a GET cannot carry a body; DELETE sometimes does.
      const b =
        method === 'GET'
          ? undefined
          : method === 'DELETE'
            ? rand() < 0.1
              ? body(route.path)
              : undefined
            : body(route.path, isAction ? pick(SERVER_ACTIONS).name : undefined);
      if (b !== undefined) {
        const ct = contentType();
        if (ct) headers['content-type'] = ct;
      }
      requests.push({
        api: onCompute ? 'compute' : 'placement',
        method,
        path: `${path}${query()}`,
        headers,
        ...(b !== undefined ? { body: b } : {}),
      });
    }

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const base = { compute: t.cloud.endpoints.compute, placement: t.cloud.endpoints.placement };
    async function worker(): Promise<void> {
      while (next < requests.length) {
        const req = requests[next++];
        try {
          const res = await fetch(`${base[req.api]}${req.path}`, {
            method: req.method,
            headers: req.headers,
            body: req.body,
          });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500)
            failures.push(
              `${res.status} ${req.method} ${req.api}${req.path} ${JSON.stringify(req.headers)} ${req.body?.slice(0, 200)}`,
            );
        } catch (err) {
          failures.push(`no answer: ${req.method} ${req.api}${req.path}: ${(err as Error).message}`);
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (failures.length) console.error(`${failures.length} failures:\n${failures.slice(0, 60).join('\n')}`);
    expect(failures.slice(0, 20)).toEqual([]);
    const answered = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(answered).toBe(REQUESTS);
    // Most answers are refusals; some requests happen to be valid, so both kinds occur.
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);

    // The cloud still serves: a new server boots (on a new flavor: the fuzz may have deleted flavor 1).
    const flavor = await t.compute('POST', '/flavors', {
      flavor: { name: 'after-fuzz', ram: 64, vcpus: 1, disk: 1 },
    });
    expect(flavor.status).toBe(200);
    const res = await t.compute('POST', '/servers', {
      server: { name: 'after-fuzz', imageRef: IMAGE, flavorRef: flavor.body.flavor.id },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await waitFor('server after the fuzz', async () =>
      (await t.compute('GET', `/servers/${res.body.server.id}`)).body.server?.status === 'ACTIVE'
        ? true
        : undefined,
    );
  }, 300_000);
});
