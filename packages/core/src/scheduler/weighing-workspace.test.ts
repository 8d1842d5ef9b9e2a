import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../objects/request-spec.js';
import { consumeFromRequest, type HostAggregate, type HostState, makeHostState } from './host-state.js';
import { resolveSchedulerOptions } from './options.js';
import { createInTreeRegistries } from './registry.js';
import { makeRequestSpec } from './request-spec-builder.js';
import { mulberry32 } from './rng.js';
import type { HostWeigher } from './weigher.js';
import { WEIGH_BLOCK, WeighingWorkspace } from './weighing-workspace.js';

const options = resolveSchedulerOptions({ metrics: { weight_setting: ['cpu.percent=-1.0'] } });
const weighers = createInTreeRegistries().weighers.build(['nova.scheduler.weights.all_weighers'], options);
// No minval: consuming the emptiest host moves it off the lower bound.
const instances: HostWeigher = {
  name: 'InstancesWeigher',
  weigh: (h) => h.num_instances,
  multiplier: () => 2,
};
const incremental = [...weighers, instances];
const heavyRam: HostAggregate = { id: 1, uuid: 'a', name: 'a', metadata: { ram_weight_multiplier: ['3'] } };

/** A fleet with spread RAM, disk, load, failures, metrics and a few aggregates. */
function fleet(n: number, seed: number): HostState[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) =>
    makeHostState({
      host: `h${i}`,
      free_ram_mb: 1024 + rng.int(1_000_000),
      free_disk_mb: 1000 + rng.int(1_000_000),
      vcpus_used: rng.int(8),
      num_io_ops: rng.int(4),
      num_instances: i,
      failed_builds: rng.next() < 0.1 ? 1 : 0,
      metrics: { 'cpu.percent': rng.int(100) },
      aggregates: i % 7 === 0 ? [heavyRam] : [],
    }),
  );
}

function fresh(hosts: readonly HostState[], spec: RequestSpec, list = weighers): number[] {
  const slots = Int32Array.from(hosts, (_, i) => i);
  return Array.from(
    new WeighingWorkspace().weigh(hosts, slots, hosts.length, list, spec).slice(0, hosts.length),
  );
}

describe('WeighingWorkspace', () => {
  const spec = makeRequestSpec();

  it('weighs more hosts than one block like a host-by-host sum', () => {
    const hosts = fleet(WEIGH_BLOCK * 2 + 5, 1);
    const ram = weighers.find((w) => w.name === 'RAMWeigher') as HostWeigher;
    const max = Math.max(...hosts.map((h) => h.free_ram_mb));
    const weights = fresh(hosts, spec, [ram]);
    hosts.forEach((h, i) => {
      expect(weights[i]).toBeCloseTo(((i % 7 === 0 ? 3 : 1) * h.free_ram_mb) / max, 12);
    });
  });

  // Each step consumes one host: the one with the most free RAM (the upper
  // bound is rescanned), the best, a middling one, or the one with the fewest
  // instances (it leaves the lower bound of InstancesWeigher).
  const most = (values: number[]) => values.indexOf(Math.max(...values));
  it.each([
    { name: 'the roomiest host', pick: (_: number[], h: HostState[]) => most(h.map((x) => x.free_ram_mb)) },
    { name: 'the best host', pick: (w: number[]) => most(w) },
    { name: 'a middling host', pick: (w: number[]) => Math.floor(w.length / 2) },
    {
      name: 'the emptiest host',
      pick: (_: number[], h: HostState[]) => most(h.map((x) => -x.num_instances)),
    },
  ])('after consuming $name, reweigh equals a full weighing bit for bit', ({ pick }) => {
    const big = makeRequestSpec({ flavor: { ...spec.flavor, memory_mb: 4096, vcpus: 4, root_gb: 20 } });
    const hosts = fleet(300, 2);
    const slots = Int32Array.from(hosts, (_, i) => i);
    const workspace = new WeighingWorkspace();
    let weights = Array.from(workspace.weigh(hosts, slots, hosts.length, incremental, big).slice(0, 300));
    for (let step = 0; step < 20; step++) {
      const pos = pick(weights, hosts);
      hosts[pos] = consumeFromRequest(hosts[pos] as HostState, big, `i${step}`);
      weights = Array.from(workspace.reweigh(pos).slice(0, 300));
      expect(weights).toEqual(fresh(hosts, big, incremental));
    }
  });

  it('falls back on a full weighing for a set-aware weigher', () => {
    const rank: HostWeigher = {
      name: 'RankWeigher',
      weigh: () => 0,
      multiplier: () => 1,
      weighAll: (hosts) => hosts.map((h) => (h.free_ram_mb < 4096 ? 1 : 0)),
    };
    const hosts = fleet(50, 3);
    const slots = Int32Array.from(hosts, (_, i) => i);
    const workspace = new WeighingWorkspace();
    workspace.weigh(hosts, slots, hosts.length, [rank], spec);
    hosts[0] = makeHostState({ host: 'h0', free_ram_mb: 1 });
    expect(Array.from(workspace.reweigh(0).slice(0, 50))).toEqual(fresh(hosts, spec, [rank]));
  });

  it('skips a weigher constant for the spec only when it has no fixed bounds', () => {
    const constant = (minval?: number): HostWeigher => ({
      name: 'ConstantWeigher',
      minval,
      weigh: () => 5,
      multiplier: () => 1,
      skipFor: () => true,
    });
    const hosts = fleet(3, 4);
    expect(fresh(hosts, spec, [constant()])).toEqual([0, 0, 0]);
    // With minval 0 the column spans [0, 5]: every host weighs 1, so skipping would be wrong.
    expect(fresh(hosts, spec, [constant(0)])).toEqual([1, 1, 1]);
  });

  it('weighs one host or none as 0, as Nova does', () => {
    expect(fresh(fleet(1, 5), spec)).toEqual([0]);
    expect(fresh([], spec)).toEqual([]);
  });
});
