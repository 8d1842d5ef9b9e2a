/**
 * What every EC2 action gets (the caller's context, the Query parameters,
 * the compute API layer) and gives back (the reply's elements), plus the
 * translation between EC2 ids and uuids that most actions need.
 */
import { formatEc2Id, type RequestContext } from '@novats/core';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import type { CertRpcApi } from '../../rpc/cert-rpcapi.js';
import { instanceNotFound, malformedInstanceId } from './ec2-errors.js';
import { cachedEc2Ids } from './ec2-id-cache.js';
import type { Ec2Settings } from './ec2-settings.js';
import type { XmlValue } from './ec2-xml.js';
import type { QueryParams } from './query-params.js';

export interface Ec2Deps {
  readonly compute: ComputeApiDeps;
  readonly settings: Ec2Settings;
  /** nova-cert, for x509 material; absent when no nova-cert is deployed. */
  readonly cert?: CertRpcApi;
}

export interface Ec2Request {
  readonly ctx: RequestContext;
  readonly params: QueryParams;
  readonly deps: Ec2Deps;
}

export type Ec2Action = (req: Ec2Request) => Promise<Record<string, XmlValue>>;

/** `i-0000000a` → its instance uuid; InvalidInstanceID.Malformed / .NotFound otherwise. */
export async function instanceUuidOf(deps: Ec2Deps, ec2Id: string): Promise<string> {
  const m = /^i-([0-9a-f]{8,17})$/.exec(ec2Id);
  if (!m) throw malformedInstanceId(ec2Id);
  const uuid = await deps.compute.api.ec2Ids.uuidOf('instance', Number.parseInt(m[1], 16));
  if (!uuid) throw instanceNotFound(ec2Id);
  return uuid;
}

/** EC2 ids of many instance uuids at once. */
export async function instanceEc2Ids(deps: Ec2Deps, uuids: readonly string[]): Promise<Map<string, string>> {
  const ids = await cachedEc2Ids(deps.compute.api.ec2Ids, 'instance', uuids);
  return new Map([...ids].map(([u, n]) => [u, formatEc2Id('i', n)]));
}

/** EC2 ids of many image uuids at once. */
export async function imageEc2Ids(deps: Ec2Deps, uuids: readonly string[]): Promise<Map<string, string>> {
  const ids = await cachedEc2Ids(deps.compute.api.ec2Ids, 'image', uuids.filter(Boolean));
  return new Map([...ids].map(([u, n]) => [u, formatEc2Id('ami', n)]));
}
