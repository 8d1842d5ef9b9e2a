/**
 * The EC2 API on `ec2_listen`:`ec2_listen_port` (8773), path /services/Cloud,
 * started by nova-api when `enabled_apis` names ec2, and by the all-in-one.
 */
import type { Clock, Logger } from '@novats/core';
import { createEc2App, EC2_PATH } from '../api/ec2/ec2-app.js';
import type { Ec2Settings } from '../api/ec2/ec2-settings.js';
import type { ComputeApiDeps } from '../compute-orchestration/compute-api-deps.js';
import type { CertRpcApi } from '../rpc/cert-rpcapi.js';
import type { RunningService } from './running-service.js';

export interface RunningEc2Api extends RunningService {
  /** The endpoint clients are given, e.g. http://127.0.0.1:8773/services/Cloud. */
  readonly url: string;
}

export async function startEc2Api(
  deps: { compute: ComputeApiDeps; clock: Clock; logger: Logger; cert?: CertRpcApi },
  settings: Ec2Settings,
): Promise<RunningEc2Api> {
  const app = createEc2App({ compute: deps.compute, settings, clock: deps.clock, cert: deps.cert });
  const address = await app.listen({ host: settings.listen.host, port: settings.listen.port });
  const url = `${address.replace('[::1]', 'localhost')}${EC2_PATH}`;
  deps.logger.info(`ec2 listening on ${url}`);
  return { name: 'nova-api-ec2', url, stop: () => app.close() };
}
