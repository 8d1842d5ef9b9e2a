/**
 * Embedding the scheduler without any service: build host states in
 * memory, register a filter and a weigher of our own next to Nova's, and
 * place a batch of requests. Run with `npx vitest run examples` (the test
 * calls `main` and checks its output), or import `main` from a program.
 */
import {
  createInTreeRegistries,
  createScheduler,
  type HostFilter,
  type HostState,
  type HostWeigher,
  makeHostState,
  makeRequestSpec,
  PASS,
  rejectHost,
} from '@novats/core';

/** Our own filter: keep builds off hosts whose `stats.maintenance_window` is open. */
export const REASON_MAINTENANCE = 'maintenance window open';
const maintenanceFilter: HostFilter = {
  name: 'MaintenanceWindowFilter',
  runOnRebuild: false,
  oncePerRequest: true,
  hostPasses: (host) => (host.stats?.maintenance_window === 'open' ? rejectHost(REASON_MAINTENANCE) : PASS),
};

/** Our own weigher: prefer newer hardware, read from `stats.generation`. */
const generationWeigher: HostWeigher = {
  name: 'HardwareGenerationWeigher',
  minval: 0,
  baseMultiplier: 2.0,
  weigh: (host) => Number(host.stats?.generation ?? 0),
  multiplier: () => 2.0,
};

function fleet(): HostState[] {
  return [
    makeHostState({ host: 'rack1-a', stats: { generation: '3' }, free_ram_mb: 16384 }),
    makeHostState({ host: 'rack1-b', stats: { generation: '5' }, free_ram_mb: 8192 }),
    makeHostState({
      host: 'rack2-a',
      stats: { generation: '5', maintenance_window: 'open' },
      free_ram_mb: 32768,
    }),
    makeHostState({
      host: 'rack2-b',
      stats: { generation: '4' },
      service: { disabled: true, disabled_reason: 'RMA', is_up: true, forced_down: false },
    }),
  ];
}

/** Places three requests and returns one line per decision. */
export async function main(): Promise<string[]> {
  const registries = createInTreeRegistries();
  registries.filters.register(maintenanceFilter.name, () => maintenanceFilter);
  registries.weighers.register(generationWeigher.name, () => generationWeigher);
  const scheduler = createScheduler(
    {
      filter_scheduler: {
        enabled_filters: ['ComputeFilter', 'ImagePropertiesFilter', 'MaintenanceWindowFilter'],
        weight_classes: ['RAMWeigher', 'HardwareGenerationWeigher'],
      },
      scheduler: { max_attempts: 2 },
    },
    registries,
  );
  let hosts = fleet();
  const lines: string[] = [];
  for (const uuid of ['vm-1', 'vm-2', 'vm-3']) {
    const spec = makeRequestSpec({ instance_uuid: uuid });
    const [selection] = await scheduler.selectDestinations({ spec, instanceUuids: [uuid], hosts });
    const [chosen, ...alternates] = selection ?? [];
    lines.push(
      `${uuid} -> ${chosen?.service_host} (alternates: ${alternates.map((a) => a.service_host).join(', ')})`,
    );
    // NOTE(snapshot): a real deployment refreshes HostStates from placement; here we keep what we have.
    hosts = hosts.map((h) =>
      h.host === chosen?.service_host ? { ...h, free_ram_mb: h.free_ram_mb - spec.flavor.memory_mb } : h,
    );
  }
  return lines;
}
