#!/usr/bin/env node
// Placement benchmark over HTTP: loads 1,000 / 10,000 / 100,000 compute-node
// providers (VCPU, MEMORY_MB, DISK_GB; 10% with a trait, 20% in an aggregate)
// straight into the placement database, serves the Placement app on an
// ephemeral port and reports median and p99 latency of
//   GET /allocation_candidates?resources=VCPU:1,MEMORY_MB:512,DISK_GB:10&limit=1000
// then claims per second (PUT /allocations, 20 concurrent clients).
//   node bench/placement-candidates.bench.mjs [--sizes 1000,10000,100000]
//        [--requests 200] [--claims 1000] [--clients 20] [--database URL] [--max-age-ms 0]
// Bundles the placement API and store from their sources for the run (tsup).
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    requests: { type: 'string', default: '200' },
    claims: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '20' },
    database: { type: 'string' },
    'max-age-ms': { type: 'string', default: '0' },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The placement API is not in @novats/server's public entry, and a build of
// the whole tree may be mid-change: bundle just Placement from its sources,
// with @novats/core narrowed to its placement and errors modules.
const outDir = join(root, 'packages/server/node_modules/.cache/novats-bench');
mkdirSync(outDir, { recursive: true });
const shim = join(outDir, 'core-placement.ts');
writeFileSync(
  shim,
  `export * from '${join(root, 'packages/core/src/errors/index.ts')}';\nexport * from '${join(root, 'packages/core/src/placement/index.ts')}';\nexport * from '${join(root, 'packages/core/src/policy/index.ts')}';\n`,
);
const { build } = await import('tsup');
await build({
  entry: {
    placement: join(root, 'packages/server/src/api/placement/index.ts'),
    drivers: join(root, 'packages/drivers/src/db/placement/index.ts'),
  },
  outDir,
  format: ['esm'],
  target: 'node20',
  silent: true,
  splitting: true,
  sourcemap: false,
  config: false,
  external: ['knex', 'sqlite3', 'mysql2', 'fastify', 'undici', 'pino'],
  esbuildOptions(options) {
    options.alias = { '@novats/core': shim };
  },
});
const { createPlacementApp } = await import(pathToFileURL(join(outDir, 'placement.js')).href);
const { openPlacementStore } = await import(pathToFileURL(join(outDir, 'drivers.js')).href);
const { Pool } = await import(pathToFileURL(join(root, 'node_modules/undici/index.js')).href);

const HEADERS = {
  'x-auth-token': 'admin',
  'openstack-api-version': 'placement 1.39',
  'content-type': 'application/json',
};
const QUERY = '/allocation_candidates?resources=VCPU:1,MEMORY_MB:512,DISK_GB:10&limit=1000';

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function load(knex, n) {
  const classes = new Map((await knex('resource_classes').select('id', 'name')).map((r) => [r.name, r.id]));
  await knex('traits').insert({ name: 'CUSTOM_BENCH_FAST' }).onConflict('name').ignore();
  const traitId = (await knex('traits').where({ name: 'CUSTOM_BENCH_FAST' }).first('id')).id;
  const [aggId] = await knex('placement_aggregates').insert({ uuid: randomUUID() });
  const CHUNK = 150; // SQLite: at most 500 rows per multi-row INSERT
  for (let start = 0; start < n; start += CHUNK) {
    await knex.transaction(async (trx) => {
      const rows = [];
      for (let i = start; i < Math.min(n, start + CHUNK); i++)
        rows.push({ uuid: randomUUID(), name: `bench-cn-${i}`, generation: 1 });
      await trx('resource_providers').insert(rows);
      const ids = (
        await trx('resource_providers')
          .whereIn(
            'uuid',
            rows.map((r) => r.uuid),
          )
          .select('id')
      ).map((r) => Number(r.id));
      await trx('resource_providers')
        .whereIn('id', ids)
        .update({ root_provider_id: trx.ref('id') });
      const inv = [];
      for (const id of ids) {
        const vcpu = 16 + (id % 4) * 16;
        for (const [rc, total] of [
          ['VCPU', vcpu],
          ['MEMORY_MB', vcpu * 4096],
          ['DISK_GB', 2000],
        ])
          inv.push({
            resource_provider_id: id,
            resource_class_id: classes.get(rc),
            total,
            reserved: 0,
            min_unit: 1,
            max_unit: total,
            step_size: 1,
            allocation_ratio: rc === 'VCPU' ? 16 : 1,
          });
      }
      await trx('inventories').insert(inv);
      const traits = ids
        .filter((id) => id % 10 === 0)
        .map((id) => ({ resource_provider_id: id, trait_id: traitId }));
      if (traits.length) await trx('resource_provider_traits').insert(traits);
      const aggs = ids
        .filter((id) => id % 5 === 1)
        .map((id) => ({ resource_provider_id: id, aggregate_id: aggId }));
      if (aggs.length) await trx('resource_provider_aggregates').insert(aggs);
    });
  }
  await knex('placement_change_counter').where({ id: 1 }).increment('counter', 1);
}

async function runSize(n) {
  const dir = mkdtempSync(join(tmpdir(), 'novats-placement-bench-'));
  const url = values.database ?? `sqlite:///${join(dir, 'placement.sqlite')}`;
  const store = await openPlacementStore(url, { indexMaxAgeMs: Number(values['max-age-ms']) });
  const app = createPlacementApp({ store });
  try {
    await load(store.knex, n);
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const pool = new Pool(address, { connections: Number(values.clients) });
    const get = async (path) => {
      const res = await pool.request({ method: 'GET', path, headers: HEADERS });
      const body = await res.body.json();
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${JSON.stringify(body)}`);
      return body;
    };
    const first = await get(QUERY); // builds the index
    const times = [];
    for (let i = 0; i < Number(values.requests); i++) {
      const t0 = performance.now();
      await get(QUERY);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const candidates = first.allocation_requests.map((ar) => Object.keys(ar.allocations)[0]);
    let next = 0;
    let granted = 0;
    let conflicts = 0;
    const claimOne = async () => {
      for (;;) {
        const i = next++;
        if (i >= Number(values.claims)) return;
        const rp = candidates[i % candidates.length];
        const res = await pool.request({
          method: 'PUT',
          path: `/allocations/${randomUUID()}`,
          headers: HEADERS,
          body: JSON.stringify({
            allocations: { [rp]: { resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 10 } } },
            project_id: 'bench',
            user_id: 'bench',
            consumer_generation: null,
            consumer_type: 'INSTANCE',
          }),
        });
        await res.body.dump();
        if (res.statusCode === 204) granted++;
        else conflicts++;
      }
    };
    const c0 = performance.now();
    await Promise.all(Array.from({ length: Number(values.clients) }, claimOne));
    const claimSeconds = (performance.now() - c0) / 1000;
    // a_c while claims have just changed usages (index updated in place).
    const t1 = performance.now();
    await get(QUERY);
    const afterClaims = performance.now() - t1;
    await pool.close();
    return {
      providers: n,
      candidates: first.allocation_requests.length,
      median_ms: +percentile(times, 50).toFixed(2),
      p99_ms: +percentile(times, 99).toFixed(2),
      after_claims_ms: +afterClaims.toFixed(2),
      claims_per_s: Math.round(granted / claimSeconds),
      claims_409: conflicts,
    };
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const n of values.sizes.split(',').map(Number)) {
  const r = await runSize(n);
  results.push(r);
  console.log(JSON.stringify(r));
}
console.table(results);
