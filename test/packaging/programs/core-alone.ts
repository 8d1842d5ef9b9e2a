// Installed-package check: the scheduler of @novats/core alone, no service, nothing native.
import { createInTreeRegistries, createScheduler, makeHostState, makeRequestSpec } from '@novats/core';

const scheduler = createScheduler(
  { filter_scheduler: { enabled_filters: ['ComputeFilter'], weight_classes: ['RAMWeigher'] } },
  createInTreeRegistries(),
);
const hosts = [
  makeHostState({ host: 'small', free_ram_mb: 1024 }),
  makeHostState({ host: 'large', free_ram_mb: 65536 }),
];
const spec = makeRequestSpec({ instance_uuid: 'vm-1' });
const [selection] = await scheduler.selectDestinations({ spec, instanceUuids: ['vm-1'], hosts });
const chosen: string | undefined = selection?.[0]?.service_host;
console.log(JSON.stringify({ chosen }));
