#!/usr/bin/env node
// In-process benchmark of selectDestinations with Nova's default filters and
// every weigher, over the built @novats/core (packages/core/dist):
//   (a) a stream of single-instance requests that consume what they take,
//       each over 1,000 candidates drawn from a fleet of 10,000 / 100,000 hosts;
//   (b) one request over whole fleets of 10k, 50k and 100k hosts (no limit);
//   (c) one request for 100 instances over 1,000 and 10,000 hosts.
// Build first: (cd packages/core && ../../node_modules/.bin/tsup)
//   node bench/scheduler-select.bench.mjs [--requests 5000] [--candidates 1000]
import { parseArgs } from 'node:util';
import {
  consumeFromRequest,
  createScheduler,
  makeHostState,
  makeRequestSpec,
  mulberry32,
} from '../packages/core/dist/index.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '5000' }, candidates: { type: 'string', default: '1000' } },
});
const REQUESTS = Number(values.requests);
const CANDIDATES = Number(values.candidates);
const rng = mulberry32(42);

/** A fleet with varied sizes and load, a few aggregates and one disabled host in 50. */
function makeFleet(n) {
  const aggregates = [
    { id: 1, uuid: 'agg-ssd', name: 'ssd', metadata: { ssd: ['true'] } },
    { id: 2, uuid: 'agg-az1', name: 'az1', metadata: { availability_zone: ['az1'] } },
  ];
  const fleet = new Array(n);
  for (let i = 0; i < n; i++) {
    const ram = [65536, 131072, 262144][i % 3];
    const vcpus = [16, 32, 64][i % 3];
    fleet[i] = makeHostState({
      host: `compute${i}`,
      cell_uuid: `cell${i % 4}`,
      total_usable_ram_mb: ram,
      free_ram_mb: Math.floor(ram * (0.2 + 0.8 * rng.next())),
      vcpus_total: vcpus,
      vcpus_used: Math.floor(vcpus * rng.next() * 4),
      free_disk_mb: Math.floor(2_000_000 * rng.next()),
      num_io_ops: Math.floor(rng.next() * 4),
      num_instances: Math.floor(rng.next() * 20),
      failed_builds: i % 97 === 0 ? 1 : 0,
      aggregates: i % 5 === 0 ? [aggregates[i % 2]] : [],
      supported_instances: [['x86_64', 'kvm', 'hvm']],
      service: { disabled: i % 50 === 0, disabled_reason: null, is_up: true, forced_down: false },
    });
  }
  return fleet;
}

const spec = makeRequestSpec();
const p = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (x) => `${x.toFixed(3)} ms`;

async function stream(fleetSize) {
  const fleet = makeFleet(fleetSize);
  const scheduler = createScheduler();
  const latencies = [];
  const candidates = new Array(CANDIDATES);
  const index = new Int32Array(CANDIDATES);
  const wallStart = performance.now();
  for (let r = 0; r < REQUESTS; r++) {
    for (let c = 0; c < CANDIDATES; c++) {
      index[c] = rng.int(fleetSize);
      candidates[c] = fleet[index[c]];
    }
    const uuid = `inst-${fleetSize}-${r}`;
    const t0 = performance.now();
    const [selection] = await scheduler.selectDestinations({
      spec,
      instanceUuids: [uuid],
      hosts: candidates,
    });
    latencies.push(performance.now() - t0);
    // The placement claim consumed the host: the next request sees it fuller.
    const pos = candidates.findIndex((h) => h.uuid === selection[0].compute_node_uuid);
    fleet[index[pos]] = consumeFromRequest(fleet[index[pos]], spec, uuid);
  }
  const wall = performance.now() - wallStart;
  const total = latencies.reduce((a, b) => a + b, 0);
  latencies.sort((a, b) => a - b);
  return {
    scenario: `(a) stream, ${CANDIDATES} of ${fleetSize}`,
    decisionsPerSecond: Math.round((REQUESTS / total) * 1000),
    wallDecisionsPerSecond: Math.round((REQUESTS / wall) * 1000),
    p50: ms(p(latencies, 0.5)),
    p99: ms(p(latencies, 0.99)),
  };
}

async function timeOne(hosts, instances, runs = 7) {
  const scheduler = createScheduler();
  const uuids = Array.from({ length: instances }, (_, i) => `multi-${i}`);
  const times = [];
  for (let k = 0; k < runs + 2; k++) {
    const t0 = performance.now();
    await scheduler.selectDestinations({
      spec: makeRequestSpec({ num_instances: instances }),
      instanceUuids: uuids,
      hosts,
    });
    if (k >= 2) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: ms(p(times, 0.5)), max: ms(times[times.length - 1]) };
}

const results = [];
for (const size of [10_000, 100_000]) results.push(await stream(size));
for (const size of [10_000, 50_000, 100_000]) {
  results.push({
    scenario: `(b) one request over all ${size} hosts`,
    ...(await timeOne(makeFleet(size), 1)),
  });
}
for (const size of [1_000, 10_000]) {
  results.push({
    scenario: `(c) one request for 100 instances over ${size} hosts`,
    ...(await timeOne(makeFleet(size), 100)),
  });
}
console.table(results);
