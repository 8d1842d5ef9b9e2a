/**
 * The services table as a service without a database sees it: through the
 * conductor. Registration is Nova's `wait_until_ready`: a service started
 * before any conductor keeps asking, with a warning each time, instead of
 * failing or waiting silently for the full rpc_response_timeout.
 */
import type { RequestContext, Transport } from '@novats/core';
import { isNovaError } from '@novats/core';
import { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import type { ServiceRecords } from './service-reporter.js';

/** How long one attempt waits for a conductor before it says so and tries again. */
const ATTEMPT_MS = 10_000;

export function conductorServiceRecords(
  transport: Transport,
  ctx: RequestContext,
  warn: (msg: string) => void,
): ServiceRecords {
  const conductor = new ConductorRpcApi(transport, ATTEMPT_MS);
  return {
    async register(host, binary, topic, version) {
      for (;;) {
        try {
          return await conductor.serviceRegister(ctx, host, binary, topic ?? binary, version);
        } catch (err) {
          if (!isNovaError(err) || err.code !== 'nova.messaging_timeout') throw err;
          warn(
            `Timed out waiting for nova-conductor. Is it running? Or did this service start before nova-conductor? Reattempting establishment of nova-conductor connection...`,
          );
        }
      }
    },
    heartbeat: (id) => conductor.serviceHeartbeat(ctx, id),
  };
}
