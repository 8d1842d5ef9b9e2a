/**
 * CreateTags, DescribeTags and DeleteTags on instances. As in Nova's EC2
 * API, an instance's tags are its metadata (key and value), so the
 * Compute API's server metadata and EC2 tags are one thing.
 */
import { getServer } from '../../../compute-orchestration/server-query.js';
import { type Ec2Action, type Ec2Request, instanceUuidOf } from '../ec2-action.js';
import { Ec2Error, missingParameter } from '../ec2-errors.js';
import { filterMatches, filterParams, listParam, structParams } from '../query-params.js';
import { describedInstances } from './describe-instances.js';

const MAX_TAG_KEY = 127;

/** Writes `change(metadata)` to each named instance's row in its cell. */
async function changeTags(req: Ec2Request, change: (md: Record<string, string>) => Record<string, string>) {
  const ids = listParam(req.params, 'ResourceId');
  if (ids.length === 0) throw missingParameter('ResourceId');
  const targets: { uuid: string; cell: string }[] = [];
  for (const id of ids) {
    if (!id.startsWith('i-'))
      throw new Ec2Error('InvalidID', `The ID '${id}' is not valid: only instances can be tagged here`);
    const uuid = await instanceUuidOf(req.deps, id);
    const found = await getServer(req.deps.compute, req.ctx, uuid).catch(() => {
      throw new Ec2Error('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    });
    if (!found.cell_uuid)
      throw new Ec2Error('IncorrectInstanceState', `The instance '${id}' is still being scheduled`);
    targets.push({ uuid, cell: found.cell_uuid });
  }
  for (const t of targets) {
    const cell = await req.deps.compute.cells.get(t.cell);
    const current = await cell.instances.get(t.uuid);
    if (!current) continue;
    const updated = await cell.instances.update(t.uuid, { metadata: change({ ...current.metadata }) });
    await req.deps.compute.instanceUpdates?.saved(req.ctx, current, updated);
  }
  return { return: true };
}

export const createTags: Ec2Action = (req) => {
  const tags = structParams(req.params, 'Tag');
  if (tags.length === 0) throw missingParameter('Tag');
  for (const t of tags) {
    if (!t.Key) throw missingParameter('Tag.N.Key');
    if (t.Key.length > MAX_TAG_KEY || t.Key.startsWith('aws:'))
      throw new Ec2Error('InvalidParameterValue', `Tag key '${t.Key}' is not allowed`);
  }
  return changeTags(req, (md) => {
    for (const t of tags) md[t.Key] = t.Value ?? '';
    return md;
  });
};

export const deleteTags: Ec2Action = (req) => {
  const tags = structParams(req.params, 'Tag');
  return changeTags(req, (md) => {
    if (tags.length === 0) return {};
    for (const t of tags) if (t.Value === undefined || md[t.Key] === t.Value) delete md[t.Key];
    return md;
  });
};

export const describeTags: Ec2Action = async (req) => {
  const filters = filterParams(req.params);
  const rows = (await describedInstances(req)).flatMap((e) =>
    Object.entries(e.instance.metadata).map(([key, value]) => ({
      resourceId: e.ec2,
      resourceType: 'instance',
      key,
      value,
    })),
  );
  const facts: Record<string, (r: (typeof rows)[number]) => string> = {
    'resource-id': (r) => r.resourceId,
    'resource-type': (r) => r.resourceType,
    key: (r) => r.key,
    value: (r) => r.value,
  };
  const checks = filters.map((f) => {
    const fact = facts[f.name];
    if (!fact) throw new Ec2Error('InvalidParameterValue', `The filter '${f.name}' is invalid`);
    return (r: (typeof rows)[number]) => filterMatches(f.values, fact(r));
  });
  return { tagSet: rows.filter((r) => checks.every((c) => c(r))) };
};
