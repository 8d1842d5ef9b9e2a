/**
 * Nova's `wait_until_ready`: a compute host started before any conductor
 * keeps asking, with a warning each time, instead of failing or waiting
 * silently for the full rpc_response_timeout.
 */
import type { RequestContext, Service, Transport } from '@novats/core';
import { isNovaError } from '@novats/core';
import { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { Topic } from '../rpc/topics.js';

/** How long one attempt waits for a conductor before it says so and tries again. */
const ATTEMPT_MS = 10_000;

export async function registerThroughConductor(
  transport: Transport,
  ctx: RequestContext,
  who: { host: string; binary: string; version: number },
  warn: (msg: string) => void,
): Promise<Service> {
  const probe = new ConductorRpcApi(transport, ATTEMPT_MS);
  for (;;) {
    try {
      return await probe.serviceRegister(ctx, who.host, who.binary, Topic.COMPUTE, who.version);
    } catch (err) {
      if (!isNovaError(err) || err.code !== 'nova.messaging_timeout') throw err;
      warn(
        `Timed out waiting for nova-conductor. Is it running? Or did this service start before nova-conductor? Reattempting establishment of nova-conductor connection...`,
      );
    }
  }
}
