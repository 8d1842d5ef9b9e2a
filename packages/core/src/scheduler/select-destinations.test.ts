import { describe, expect, it } from 'vitest';
import { isNovaError } from '../errors/nova-error.js';
import { consumeFromRequest, type HostState, makeHostState } from './host-state.js';
import { claimedInstances, NoValidHostWithClaims } from './no-valid-host.js';
import { runPipeline } from './pipeline.js';
import { makeRequestSpec } from './request-spec-builder.js';
import { mulberry32 } from './rng.js';
import { type Claim, createScheduler, withGroupHost } from './select-destinations.js';

const CELL_A = 'cell-a';
const CELL_B = 'cell-b';
const down = { disabled: false, disabled_reason: null, is_up: false, forced_down: false };
const disabled = { disabled: true, disabled_reason: 'maint', is_up: true, forced_down: false };

function host(name: string, free_ram_mb: number, extra: Partial<HostState> = {}): HostState {
  return makeHostState({ host: name, free_ram_mb, cell_uuid: CELL_A, ...extra });
}

const uuids = (n: number) => Array.from({ length: n }, (_, i) => `inst-${i}`);
const names = (selections: { service_host: string }[][]) =>
  selections.map((s) => s.map((x) => x.service_host));

describe('selectDestinations', () => {
  const spec = makeRequestSpec({ flavor: { ...makeRequestSpec().flavor, memory_mb: 2048 } });

  it('picks the host with the most free RAM and adds max_attempts - 1 alternates by weight', async () => {
    const hosts = [host('h1', 1000), host('h2', 8000), host('h3', 4000), host('h4', 2000)];
    const [selections] = await createScheduler().selectDestinations({ spec, instanceUuids: ['i'], hosts });
    expect(selections?.map((s) => s.service_host)).toEqual(['h2', 'h3', 'h4']);
    const chosen = selections?.[0];
    expect(chosen).toMatchObject({ nodename: 'h2', compute_node_uuid: hosts[1]?.uuid, cell_uuid: CELL_A });
    expect(JSON.parse(chosen?.allocation_request ?? 'null')).toEqual(hosts[1]?.allocation_requests[0]);
    expect(chosen?.allocation_request_version).toBe('1.36');
  });

  it('honours max_attempts and keeps alternates in the chosen host cell', async () => {
    const hosts = [
      host('a1', 8000),
      host('b1', 7000, { cell_uuid: CELL_B }),
      host('a2', 1000),
      host('a3', 2000),
    ];
    const scheduler = createScheduler({ scheduler: { max_attempts: 5 } });
    const result = await scheduler.selectDestinations({ spec, instanceUuids: ['i'], hosts });
    expect(names(result)).toEqual([['a1', 'a3', 'a2']]);
    const single = await createScheduler({ scheduler: { max_attempts: 1 } }).selectDestinations({
      spec,
      instanceUuids: ['i'],
      hosts,
    });
    expect(names(single)).toEqual([['a1']]);
  });

  it('falls back on the next ranked host when a claim fails', async () => {
    const hosts = [host('h1', 8000), host('h2', 4000), host('h3', 2000)];
    const tried: string[] = [];
    const claim: Claim = async (h, request, uuid) => {
      tried.push(`${h.host}:${uuid}`);
      expect(request).toBe(h.allocation_requests[0]);
      return h.host !== 'h1';
    };
    const result = await createScheduler().selectDestinations(
      { spec, instanceUuids: ['i'], hosts },
      { claim },
    );
    expect(tried).toEqual(['h1:i', 'h2:i']);
    expect(names(result)[0]?.[0]).toBe('h2');
    // Nova may offer a host whose claim failed as an alternate: nothing is held there.
    expect(names(result)[0]).toEqual(['h2', 'h1', 'h3']);
  });

  it('consumes the chosen host so the next instance of a multi-create goes elsewhere', async () => {
    const hosts = [host('h1', 5000), host('h2', 4000)];
    const result = await createScheduler().selectDestinations({ spec, instanceUuids: uuids(3), hosts });
    // h1 5000 -> 2952 after the first; h2 4000 then wins; then h1 2952 > h2 1952.
    expect(names(result).map((r) => r[0])).toEqual(['h1', 'h2', 'h1']);
    // Claimed hosts are never alternates.
    expect(names(result).every((r) => r.length === 1)).toBe(true);
  });

  it('gives each instance of a multi-create alternates from the unclaimed hosts, re-weighed', async () => {
    const hosts = [host('h1', 9000), host('h2', 8000), host('h3', 3000), host('h4', 4000), host('h5', 1000)];
    const result = await createScheduler().selectDestinations({ spec, instanceUuids: uuids(2), hosts });
    expect(names(result)).toEqual([
      ['h1', 'h4', 'h3'],
      ['h2', 'h4', 'h3'],
    ]);
  });

  // The incremental pass (only the consumed host is filtered and weighed again)
  // must pick what a full pipeline run per instance picks, with or without a
  // group that changes the spec between instances.
  it.each([
    ['no group', {}],
    [
      'a soft-anti-affinity group',
      { instance_group: { policy: 'soft-anti-affinity', hosts: [], members: [] } },
    ],
  ])('places a multi-create like a full pipeline run per instance, with %s', async (_, extra) => {
    const rng = mulberry32(3);
    const fleet = Array.from({ length: 40 }, (_, i) =>
      host(`h${i}`, 4096 + rng.int(60_000), {
        vcpus_used: rng.int(4),
        num_io_ops: rng.int(3),
        num_instances: i,
      }),
    );
    const multi = makeRequestSpec({ ...spec, ...extra, num_instances: 15 });
    const scheduler = createScheduler();
    const result = await scheduler.selectDestinations({
      spec: multi,
      instanceUuids: uuids(15),
      hosts: fleet,
    });
    const reference = fleet.slice();
    let current = multi;
    const want: string[] = [];
    for (let i = 0; i < 15; i++) {
      const { weighed } = runPipeline(reference, current, scheduler.filters, scheduler.weighers, i);
      const best = weighed[0]?.host as HostState;
      want.push(best.host);
      const at = reference.indexOf(best);
      reference[at] = consumeFromRequest(best, current, `inst-${i}`);
      current = withGroupHost(current, best.host, `inst-${i}`);
    }
    expect(result.map((s) => s[0]?.service_host)).toEqual(want);
  });

  it('shuffles the hosts tied on the top weight when asked', async () => {
    const hosts = Array.from({ length: 6 }, (_, i) => host(`t${i}`, 4000));
    const scheduler = createScheduler({ filter_scheduler: { shuffle_best_same_weighed_hosts: true } });
    const firsts = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const result = await scheduler.selectDestinations(
        { spec, instanceUuids: ['i'], hosts },
        { rng: mulberry32(seed) },
      );
      firsts.add(names(result)[0]?.[0] as string);
    }
    expect(firsts.size).toBeGreaterThan(1);
    const plain = await createScheduler().selectDestinations({ spec, instanceUuids: ['i'], hosts });
    expect(names(plain)).toEqual([['t0', 't1', 't2']]);
  });

  it('leaves the input snapshot untouched', async () => {
    const hosts = [host('h1', 5000)];
    await createScheduler().selectDestinations({ spec, instanceUuids: uuids(2), hosts });
    expect(hosts[0]).toMatchObject({ free_ram_mb: 5000, num_instances: 0, instances: [] });
  });

  it('throws NoValidHost with the diagnosis when every host is filtered', async () => {
    const hosts = [
      ...Array.from({ length: 7 }, (_, i) => host(`d${i}`, 4000, { service: disabled })),
      ...Array.from({ length: 5 }, (_, i) => host(`x${i}`, 4000, { service: down })),
    ];
    const err = await createScheduler()
      .selectDestinations({ spec, instanceUuids: ['i'], hosts })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoValidHostWithClaims);
    expect(isNovaError(err) && err.code).toBe('scheduler.no_valid_host');
    expect((err as NoValidHostWithClaims).detail).toBe(
      '0/12 hosts: 7 ComputeFilter (service disabled), 5 ComputeFilter (service down)',
    );
    expect((err as Error).message).toMatch(
      /^No valid host was found\. There are not enough hosts available\. 0\/12/,
    );
    expect(claimedInstances(err)).toEqual([]);
  });

  it('reports the instances already claimed when a later one finds no host', async () => {
    const hosts = [host('h1', 4000), host('h2', 3000)];
    const claim: Claim = (h) => h.num_instances === 0;
    const err = await createScheduler()
      .selectDestinations({ spec, instanceUuids: uuids(3), hosts }, { claim })
      .catch((e: unknown) => e);
    expect(claimedInstances(err)).toEqual(['inst-0', 'inst-1']);
    expect((err as NoValidHostWithClaims).detail).toBe('0/2 hosts: 2 claim (placement claim failed)');
  });

  it('draws from the best host_subset_size deterministically with a seeded rng', async () => {
    const hosts = Array.from({ length: 10 }, (_, i) => host(`h${i}`, 1000 * (i + 1)));
    const scheduler = createScheduler({ filter_scheduler: { host_subset_size: 3 } });
    const pick = async (seed: number) =>
      names(
        await scheduler.selectDestinations({ spec, instanceUuids: ['i'], hosts }, { rng: mulberry32(seed) }),
      )[0];
    const picks = await Promise.all(Array.from({ length: 20 }, (_, seed) => pick(seed)));
    const chosen = new Set(picks.map((p) => p?.[0]));
    expect([...chosen].every((h) => ['h9', 'h8', 'h7'].includes(h as string))).toBe(true);
    expect(chosen.size).toBeGreaterThan(1);
    expect(await pick(7)).toEqual(await pick(7));
    expect(await pick(7)).toEqual(picks[7]);
  });

  it('ignore_hosts and force_hosts shape the candidates; forcing skips the filters', async () => {
    const hosts = [host('h1', 8000), host('h2', 4000, { service: disabled }), host('h3', 2000)];
    const ignored = await createScheduler().selectDestinations({
      spec: { ...spec, ignore_hosts: ['H1'] },
      instanceUuids: ['i'],
      hosts,
    });
    expect(names(ignored)).toEqual([['h3']]);
    const forced = await createScheduler().selectDestinations({
      spec: { ...spec, force_hosts: ['h2'] },
      instanceUuids: ['i'],
      hosts,
    });
    expect(names(forced)).toEqual([['h2']]);
  });

  it('a requested destination (2.74) keeps only that host and still filters it', async () => {
    const hosts = [host('h1', 8000), host('h2', 4000, { service: disabled }), host('h3', 2000)];
    const on = (requested_destination: { host?: string; node?: string }) =>
      createScheduler().selectDestinations({
        spec: { ...spec, requested_destination },
        instanceUuids: ['i'],
        hosts,
      });
    expect(names(await on({ host: 'h3' }))).toEqual([['h3']]);
    const node = hosts[2].nodename;
    expect(names(await on({ node }))).toEqual([['h3']]);
    // Unlike force_hosts, the filters still run: a disabled host fails.
    await expect(on({ host: 'h2' })).rejects.toMatchObject({
      code: expect.stringContaining('no_valid_host'),
    });
  });

  it('selects with a null allocation request when a host has none', async () => {
    const [selections] = await createScheduler().selectDestinations({
      spec,
      instanceUuids: ['i'],
      hosts: [host('h1', 1000, { allocation_requests: [] })],
    });
    expect(selections?.[0]).toMatchObject({ allocation_request: null, allocation_request_version: null });
  });

  it('rejects unknown enabled filters at construction', () => {
    expect(() =>
      createScheduler({ filter_scheduler: { enabled_filters: ['ComputeFilter', 'Nope'] } }),
    ).toThrow('Scheduler Host Filter Nope could not be found.');
  });
});
