#!/usr/bin/env node
// startCloud() timings: start, one server POST->ACTIVE (median of N after a warm-up), reset().
//   node bench/start-cloud.mjs [--runs 20]   (needs the packages' dist: node scripts/bootstrap.mjs)
import { parseArgs } from 'node:util';
import { startCloud } from '../packages/server/dist/testing.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const t0 = performance.now();
const cloud = await startCloud({ hosts: 2 });
const startMs = performance.now() - t0;
const { compute } = cloud.client;
const active = [];
const resets = [];
for (let i = 0; i <= Number(values.runs); i++) {
  const a = performance.now();
  const created = await compute.createServer({ name: `s${i}`, flavorRef: '1', imageRef: cloud.imageRef });
  await compute.waitFor(created, 'ACTIVE', { intervalMs: 1 });
  if (i > 0) active.push(performance.now() - a);
  const r = performance.now();
  await cloud.reset();
  if (i > 0) resets.push(performance.now() - r);
}
await cloud.stop();
console.log(
  `start ${startMs.toFixed(0)} ms; POST->ACTIVE median ${median(active).toFixed(1)} ms (min ${Math.min(...active).toFixed(1)}); reset median ${median(resets).toFixed(1)} ms`,
);
