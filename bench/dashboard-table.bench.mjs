#!/usr/bin/env node
// The dashboard's instances table with 1,000 instances, rendered in Debian's
// Chromium (playwright-core): the app's #/bench view times the render until
// the second animation frame after it (commit, layout, paint). No cloud is
// needed; prints the median of --runs page loads and the first load's gzipped bytes.
// Usage: node scripts/bootstrap.mjs && node bench/dashboard-table.bench.mjs [--rows 1000] [--runs 7]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startDashboardServer } from '../packages/server/dist/index.js';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000' }, runs: { type: 'string', default: '7' } },
});
const dist = join(import.meta.dirname, '..', 'packages', 'dashboard', 'dist');
const server = await startDashboardServer({ staticDir: dist, endpoints: {}, port: 0 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const times = [];
for (let i = 0; i < Number(values.runs); i++) {
  await page.goto(`${server.url}/#/bench?n=${values.rows}`);
  const text = await page.locator('#bench-result').filter({ hasText: 'rows in' }).textContent();
  times.push(Number(/in ([\d.]+) ms/.exec(text)[1]));
  await page.goto('about:blank');
}
let bytes = 0;
const html = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'gzip' } });
bytes += Number(html.headers.get('content-length'));
for (const [, a] of (await html.text()).matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
  const res = await fetch(`${server.url}${a}`, { headers: { 'accept-encoding': 'gzip' } });
  bytes += Number(res.headers.get('content-length'));
}
times.sort((a, b) => a - b);
console.log(
  `${values.rows} rows: median ${times[times.length >> 1]} ms, min ${times[0]} ms, max ${times.at(-1)} ms over ${times.length} loads`,
);
console.log(`first load: ${bytes} bytes gzipped`);
await browser.close();
await server.stop();
