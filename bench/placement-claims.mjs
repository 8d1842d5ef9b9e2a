#!/usr/bin/env node
// Placement claims through the store alone: statements and CPU per claim.
// Creates 20 providers on a throwaway database, claims VCPU and MEMORY_MB for
// N new consumers round-robin (deleting the oldest once 200 are held, as a
// boot-and-delete cycle does), and prints statements (knex `query` events),
// wall time and this process's CPU per claim (and its delete when N > 200).
//   node bench/placement-claims.mjs [sqlite|mysql|postgresql] [N=200] [TREE]
// TREE: the checkout whose built packages to measure (default: this one), for A/B runs.
// MariaDB 127.0.0.1:3306 root and PostgreSQL 127.0.0.1:5432 postgres, as the tests use.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [dialect = 'sqlite', count = '200', tree] = process.argv.slice(2);
const root = tree ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(count);
const { openPlacementStore } = await import(join(root, 'packages/drivers/dist/index.js'));
const knex = createRequire(join(root, 'packages/drivers/package.json'))('knex');

const name = `novats_bench_claims_${randomUUID().slice(0, 8)}`;
const file = join(tmpdir(), `${name}.db`);
const admin =
  dialect === 'mysql'
    ? knex({ client: 'mysql2', connection: { host: '127.0.0.1', port: 3306, user: 'root', password: '' } })
    : dialect === 'postgresql'
      ? knex({
          client: 'pg',
          connection: { host: '127.0.0.1', port: 5432, user: 'postgres', password: '', database: 'postgres' },
        })
      : null;
await admin?.raw(`CREATE DATABASE ${name}`);
const url =
  dialect === 'mysql'
    ? `mysql+pymysql://root:@127.0.0.1:3306/${name}`
    : dialect === 'postgresql'
      ? `postgresql+psycopg2://postgres:@127.0.0.1:5432/${name}`
      : `sqlite:///${file}`;
const store = await openPlacementStore(url);
try {
  const providers = [];
  for (let h = 0; h < 20; h++) {
    const rp = await store.createProvider({ name: `cn${h}` });
    await store.setInventories(rp.uuid, 0, { VCPU: { total: 100000 }, MEMORY_MB: { total: 10000000 } });
    providers.push(rp);
  }
  let statements = 0;
  store.knex.on('query', () => statements++);
  const held = [];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const uuid = randomUUID();
    if (held.length >= 200) await store.deleteConsumerAllocations(held.shift());
    await store.replaceAllocations([
      {
        consumer_uuid: uuid,
        allocations: { [providers[i % providers.length].uuid]: { VCPU: 1, MEMORY_MB: 512 } },
        project_id: 'p',
        user_id: 'u',
        consumer_generation: null,
        consumer_type: 'INSTANCE',
      },
    ]);
    held.push(uuid);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  console.log(
    `${dialect}: ${(statements / N).toFixed(2)} statements, ${((ms / N) * 1000).toFixed(0)} µs wall, ` +
      `${((cpu.user + cpu.system) / N).toFixed(0)} µs CPU per claim${N > 200 ? ' and delete' : ''} (${N} claims)`,
  );
} finally {
  await store.close();
  await admin?.raw(`DROP DATABASE ${name}`);
  await admin?.destroy();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}
