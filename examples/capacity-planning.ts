/**
 * Capacity planning: replay a list of requests against a fleet with the
 * same filters and weighers the scheduler service uses (Nova's defaults
 * plus resource checks), consuming each placement, and report how many
 * fit and where. Requests that find no host are counted with the reason.
 */
import {
  consumeFromRequest,
  createInTreeRegistries,
  createScheduler,
  DEFAULT_FLAVORS,
  type Flavor,
  formatDiagnosis,
  type HostFilter,
  type HostState,
  isNovaError,
  makeHostState,
  makeRequestSpec,
  NoValidHostWithClaims,
  PASS,
  rejectHost,
} from '@novats/core';

/** Placement's job in the service: capacity of RAM, vCPU and disk. Here a filter stands in. */
export const REASON_NO_CAPACITY = 'not enough RAM, vCPU or disk';
export const capacityFilter: HostFilter = {
  name: 'CapacityFilter',
  runOnRebuild: false,
  oncePerRequest: false,
  hostPasses(host, spec) {
    const f = spec.flavor;
    const ramOk =
      host.free_ram_mb - f.memory_mb >= host.total_usable_ram_mb * (1 - host.ram_allocation_ratio);
    const cpuOk = host.vcpus_used + f.vcpus <= host.vcpus_total * host.cpu_allocation_ratio;
    const diskOk = host.free_disk_mb >= (f.root_gb + f.ephemeral_gb) * 1024;
    return ramOk && cpuOk && diskOk ? PASS : rejectHost(REASON_NO_CAPACITY);
  },
};

export interface CapacityReport {
  readonly placed: number;
  readonly failed: number;
  readonly perHost: Readonly<Record<string, number>>;
  readonly failures: readonly string[];
}

/** Replays `flavors` in order over `hosts`. */
export async function replay(
  hosts: readonly HostState[],
  flavors: readonly Flavor[],
): Promise<CapacityReport> {
  const registries = createInTreeRegistries();
  registries.filters.register(capacityFilter.name, () => capacityFilter);
  const scheduler = createScheduler(
    { filter_scheduler: { enabled_filters: ['ComputeFilter', 'CapacityFilter', 'ImagePropertiesFilter'] } },
    registries,
  );
  let fleet = hosts.slice();
  const perHost: Record<string, number> = {};
  const failures: string[] = [];
  let placed = 0;
  for (const [i, flavor] of flavors.entries()) {
    const uuid = `req-${i}`;
    const spec = makeRequestSpec({ instance_uuid: uuid, flavor });
    try {
      const [selection] = await scheduler.selectDestinations({ spec, instanceUuids: [uuid], hosts: fleet });
      const name = selection?.[0]?.service_host as string;
      fleet = fleet.map((h) => (h.host === name ? consumeFromRequest(h, spec, uuid) : h));
      perHost[name] = (perHost[name] ?? 0) + 1;
      placed++;
    } catch (err) {
      if (!isNovaError(err)) throw err;
      const detail = err instanceof NoValidHostWithClaims ? formatDiagnosis(err.diagnosis) : err.message;
      failures.push(`${uuid} (${flavor.name}): ${detail}`);
    }
  }
  return { placed, failed: failures.length, perHost, failures };
}

/** Three hosts (one disabled) and a mixed request list; returns the report as lines. */
export async function main(): Promise<string[]> {
  const flavor = (name: string): Flavor => {
    const f = DEFAULT_FLAVORS.find((x) => x.name === name);
    if (f === undefined) throw new Error(`no flavor ${name}`);
    return { id: 0, ...f };
  };
  const hosts = [
    makeHostState({
      host: 'cmp1',
      total_usable_ram_mb: 16384,
      free_ram_mb: 16384,
      vcpus_total: 8,
      ram_allocation_ratio: 1,
      cpu_allocation_ratio: 1,
      free_disk_mb: 400 * 1024,
    }),
    makeHostState({
      host: 'cmp2',
      total_usable_ram_mb: 8192,
      free_ram_mb: 8192,
      vcpus_total: 4,
      ram_allocation_ratio: 1,
      cpu_allocation_ratio: 1,
      free_disk_mb: 400 * 1024,
    }),
    makeHostState({
      host: 'cmp3',
      service: { disabled: true, disabled_reason: 'maintenance', is_up: true, forced_down: false },
    }),
  ];
  const requests = [
    ...Array.from({ length: 4 }, () => flavor('m1.medium')),
    ...Array.from({ length: 3 }, () => flavor('m1.large')),
  ];
  const report = await replay(hosts, requests);
  return [
    `placed ${report.placed} of ${requests.length}`,
    ...Object.entries(report.perHost).map(([host, n]) => `  ${host}: ${n}`),
    ...report.failures.map((f) => `  no host for ${f}`),
  ];
}
