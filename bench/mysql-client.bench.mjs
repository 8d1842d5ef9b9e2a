#!/usr/bin/env node
// Client-side CPU per MariaDB query of the mysql2 driver the services use,
// for result sets shaped like an instance list (36 columns): what each status
// watcher poll, build and delete pays in node besides the round trip.
//   node bench/mysql-client.bench.mjs [--root DIR] [--queries 3000] [--socket /run/mysqld/mysqld.sock]
// --root resolves mysql2 from DIR/packages/drivers (another worktree, for an
// A/B of driver versions); --socket connects over the Unix socket instead of
// TCP 127.0.0.1:3306. It creates and drops its own database.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '..') },
    queries: { type: 'string', default: '3000' },
    socket: { type: 'string' },
  },
});
const require = createRequire(join(values.root, 'packages', 'drivers', 'package.json'));
const mysql = require('mysql2/promise');
const version = require('mysql2/package.json').version;
const N = Number(values.queries);

const c = await mysql.createConnection({
  ...(values.socket ? { socketPath: values.socket } : { host: '127.0.0.1', port: 3306 }),
  user: 'root',
  password: '',
  charset: 'utf8mb4',
  supportBigNumbers: true,
  dateStrings: true,
});
const db = `novats_bench_mysqlclient_${process.pid}`;
try {
  await c.query(`CREATE DATABASE ${db}`);
  await c.query(`USE ${db}`);
  const kinds = ['int', 'varchar(255)', 'datetime(6) null'];
  const cols = Array.from({ length: 34 }, (_, i) => `c${i} ${kinds[i % 3]}`);
  await c.query(`CREATE TABLE t (id int auto_increment primary key, ${cols.join(', ')}, j text)`);
  for (let r = 0; r < 20; r++) {
    await c.query('INSERT INTO t (c0, c1, c2, j) VALUES (?, ?, NOW(6), ?)', [
      r,
      `name${r}`,
      JSON.stringify({ a: 'x'.repeat(300) }),
    ]);
  }
  const shapes = [
    ['20 rows', 'SELECT * FROM t'],
    ['1 row', 'SELECT * FROM t WHERE id = 1'],
    ['0 rows', 'SELECT * FROM t WHERE id = -1'],
  ];
  const out = [];
  for (const [label, sql] of shapes) {
    for (let i = 0; i < 300; i++) await c.query(sql); // warm-up
    const u0 = process.cpuUsage();
    for (let i = 0; i < N; i++) await c.query(sql);
    const u = process.cpuUsage(u0);
    out.push(`${label} ${((u.user + u.system) / N).toFixed(1)} µs`);
  }
  console.log(
    `mysql2 ${version} over ${values.socket ? 'unix socket' : 'tcp'}: client CPU per query: ${out.join(', ')}`,
  );
} finally {
  await c.query(`DROP DATABASE IF EXISTS ${db}`);
  await c.end();
}
