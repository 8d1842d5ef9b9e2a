// Installed-package check: placement's allocation candidates in memory, then the scheduler picks among them.
import {
  createInTreeRegistries,
  createScheduler,
  findAllocationCandidates,
  makeHostState,
  makeRequestSpec,
  ProviderIndex,
  withInventoryDefaults,
} from '@novats/core';

const provider = (uuid: string) => ({
  uuid,
  name: uuid,
  generation: 1,
  parent_provider_uuid: null,
  root_provider_uuid: uuid,
});
const inventory = (provider_uuid: string, resource_class: string, total: number) => ({
  provider_uuid,
  resource_class,
  ...withInventoryDefaults({ total }),
});
const index = ProviderIndex.build({
  providers: [provider('host-a'), provider('host-b'), provider('host-c')],
  inventories: [
    inventory('host-a', 'VCPU', 2),
    inventory('host-a', 'MEMORY_MB', 2048),
    inventory('host-b', 'VCPU', 16),
    inventory('host-b', 'MEMORY_MB', 32768),
    inventory('host-c', 'VCPU', 16),
    inventory('host-c', 'MEMORY_MB', 8192),
  ],
  usages: [{ provider_uuid: 'host-c', resource_class: 'MEMORY_MB', used: 8000 }],
  traits: [],
  aggregates: [],
});
const candidates = findAllocationCandidates(index, { resources: { VCPU: 4, MEMORY_MB: 4096 } });
const fits = Object.keys(candidates.provider_summaries);
const scheduler = createScheduler(
  { filter_scheduler: { enabled_filters: ['ComputeFilter'], weight_classes: ['RAMWeigher'] } },
  createInTreeRegistries(),
);
const hosts = fits.map((host) => makeHostState({ host, free_ram_mb: 32768 }));
const spec = makeRequestSpec({ instance_uuid: 'vm-1' });
const [selection] = await scheduler.selectDestinations({ spec, instanceUuids: ['vm-1'], hosts });
console.log(JSON.stringify({ fits, chosen: selection?.[0]?.service_host }));
