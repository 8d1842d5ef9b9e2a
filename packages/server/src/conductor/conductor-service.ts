/** Runs nova-conductor: one RPC server on the `conductor` topic. */
import type { Transport } from '@novats/core';
import { Topic } from '../rpc/topics.js';
import type { RunningService } from '../services/running-service.js';
import { type ConductorDeps, ConductorManager } from './conductor-manager.js';

export async function startConductorService(
  host: string,
  transport: Transport,
  deps: ConductorDeps,
): Promise<RunningService & { manager: ConductorManager }> {
  const manager = new ConductorManager(deps);
  const listener = await transport.listen({ topic: Topic.CONDUCTOR, server: host }, manager.endpoint());
  return { name: `nova-conductor:${host}`, manager, stop: () => listener.stop() };
}
