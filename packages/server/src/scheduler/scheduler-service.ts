/** Runs nova-scheduler: one RPC server on the `scheduler` topic. */
import type { Logger, PlacementClient, SchedulerOptionsInput, Transport } from '@novats/core';
import { Topic } from '../rpc/topics.js';
import type { RunningService } from '../services/running-service.js';
import type { HostManager } from './host-manager.js';
import { SchedulerManager } from './scheduler-manager.js';

export async function startSchedulerService(
  host: string,
  transport: Transport,
  placement: PlacementClient,
  hosts: HostManager,
  options: SchedulerOptionsInput = {},
  log?: Logger,
): Promise<RunningService & { manager: SchedulerManager }> {
  const manager = new SchedulerManager(placement, hosts, options, log);
  const listener = await transport.listen({ topic: Topic.SCHEDULER, server: host }, manager.endpoint());
  return { name: `nova-scheduler:${host}`, manager, stop: () => listener.stop() };
}
