/**
 * DescribeInstances: the caller's instances (every project's for an admin)
 * grouped by reservation, narrowed by InstanceId.N and Filter.N (instance-id,
 * instance-state-name/code, instance-type, image-id, key-name,
 * availability-zone, private-ip-address, reservation-id, tag:K, tag-key,
 * tag-value), paged by MaxResults / NextToken in launch order.
 */
import type { Instance } from '@novats/core';
import { listServers } from '../../../compute-orchestration/server-query.js';
import { type Ec2Action, type Ec2Deps, type Ec2Request, imageEc2Ids, instanceEc2Ids } from '../ec2-action.js';
import { Ec2Error, instanceNotFound, invalidParameterValue, malformedInstanceId } from '../ec2-errors.js';
import type { XmlValue } from '../ec2-xml.js';
import { fixedIp, instanceItemXml, instanceState } from '../instance-view.js';
import { type Ec2Filter, filterMatches, filterParams, intParam, listParam } from '../query-params.js';

type Facts = (
  i: Instance,
  ids: { ec2: string; image: string | undefined },
  zone: string,
) => (string | undefined)[];

const FILTERS: Record<string, Facts> = {
  'instance-id': (_i, ids) => [ids.ec2],
  'instance-state-name': (i) => [instanceState(i).name],
  'instance-state-code': (i) => [String(instanceState(i).code)],
  'instance-type': (i) => [i.flavor.name],
  'image-id': (_i, ids) => [ids.image],
  'key-name': (i) => [i.key_name ?? undefined],
  'availability-zone': (i, _ids, zone) => [i.availability_zone ?? zone],
  'private-ip-address': (i) => [fixedIp(i)],
  'reservation-id': (i) => [i.reservation_id],
  'tag-key': (i) => Object.keys(i.metadata),
  'tag-value': (i) => Object.values(i.metadata),
};

function facts(name: string): Facts {
  if (name.startsWith('tag:')) return (i) => [i.metadata[name.slice(4)]];
  const f = FILTERS[name];
  if (!f) throw new Ec2Error('InvalidParameterValue', `The filter '${name}' is invalid`);
  return f;
}

/** Every instance the caller may see, with its EC2 and image ids, oldest first. */
export async function describedInstances(req: Ec2Request) {
  const { ctx, deps } = req;
  const servers = await listServers(deps.compute, ctx, {
    project_id: ctx.is_admin ? null : ctx.project_id,
    limit: Number.MAX_SAFE_INTEGER,
  });
  const instances = servers.map((s) => s.instance).reverse();
  const [ec2, images] = await Promise.all([
    instanceEc2Ids(
      deps,
      instances.map((i) => i.uuid),
    ),
    imageEc2Ids(
      deps,
      instances.map((i) => i.image_ref),
    ),
  ]);
  return instances.map((i) => ({ instance: i, ec2: ec2.get(i.uuid)!, image: images.get(i.image_ref) }));
}

function matches(filters: readonly Ec2Filter[], deps: Ec2Deps) {
  const checks = filters.map((f) => ({ facts: facts(f.name), values: f.values }));
  const zone = deps.settings.defaultAvailabilityZone;
  return (e: { instance: Instance; ec2: string; image: string | undefined }) =>
    checks.every((c) => c.facts(e.instance, e, zone).some((v) => filterMatches(c.values, v)));
}

function reservations(
  entries: { instance: Instance; ec2: string; image: string | undefined }[],
  deps: Ec2Deps,
): XmlValue[] {
  const byReservation = new Map<string, typeof entries>();
  for (const e of entries) {
    const list = byReservation.get(e.instance.reservation_id) ?? [];
    list.push(e);
    byReservation.set(e.instance.reservation_id, list);
  }
  return [...byReservation.entries()].map(([rid, list]) => ({
    reservationId: rid,
    ownerId: list[0].instance.project_id,
    groupSet: [{ groupId: 'default', groupName: 'default' }],
    instancesSet: list.map((e) =>
      instanceItemXml(e.instance, e.ec2, e.image, deps.settings.defaultAvailabilityZone),
    ),
  }));
}

export const describeInstances: Ec2Action = async (req) => {
  const wanted = listParam(req.params, 'InstanceId');
  for (const id of wanted) if (!/^i-[0-9a-f]{8,17}$/.test(id)) throw malformedInstanceId(id);
  const filters = filterParams(req.params);
  const pageSize = req.params.MaxResults ? intParam(req.params, 'MaxResults', 1000, 5, 1000) : null;
  if (pageSize !== null && wanted.length > 0)
    throw invalidParameterValue('The parameter instancesSet cannot be used with the parameter maxResults');
  let entries = (await describedInstances(req)).filter(matches(filters, req.deps));
  if (wanted.length > 0) {
    const byId = new Map(entries.map((e) => [e.ec2, e]));
    const missing = wanted.filter((id) => !byId.has(id));
    if (missing.length > 0) throw instanceNotFound(missing.join(', '));
    entries = wanted.map((id) => byId.get(id)!);
  }
  let nextToken: string | undefined;
  if (pageSize !== null || req.params.NextToken) {
    let start = 0;
    if (req.params.NextToken) {
      const after = Buffer.from(req.params.NextToken, 'base64url').toString();
      start = entries.findIndex((e) => e.ec2 === after) + 1;
      if (start === 0) throw invalidParameterValue(`Invalid NextToken: ${req.params.NextToken}`);
    }
    const size = pageSize ?? 1000;
    const page = entries.slice(start, start + size);
    if (start + size < entries.length) nextToken = Buffer.from(page.at(-1)!.ec2).toString('base64url');
    entries = page;
  }
  return { reservationSet: reservations(entries, req.deps), nextToken };
};
