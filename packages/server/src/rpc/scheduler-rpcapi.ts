/** Client side of the scheduler's RPC interface (Nova's SchedulerQueryClient). */
import type { RequestContext, RequestSpec, Selection, Transport } from '@novats/core';
import { Topic } from './topics.js';

export interface SelectDestinationsArgs {
  readonly spec: RequestSpec;
  readonly instance_uuids: readonly string[];
  readonly return_alternates: boolean;
  /**
   * The caller's earlier attempt may have left claims for these instances
   * (a conductor died mid-build and the bus redelivered): replace them
   * instead of failing on the consumer's existing allocations.
   */
  readonly replace_allocations?: boolean;
}

export class SchedulerRpcApi {
  constructor(
    private readonly transport: Transport,
    private readonly timeoutMs = 60_000,
  ) {}

  /** One list per instance: the claimed host first, then its alternates. */
  selectDestinations(ctx: RequestContext, args: SelectDestinationsArgs): Promise<Selection[][]> {
    return this.transport.call(ctx, { topic: Topic.SCHEDULER }, 'select_destinations', args, {
      timeoutMs: this.timeoutMs,
    });
  }
}
