/**
 * RunInstances, TerminateInstances, StopInstances, StartInstances,
 * RebootInstances and GetConsoleOutput, on the compute API layer the
 * Compute API uses (same checks, same state table, same casts).
 */
import type { Instance } from '@novats/core';
import { rebootServer, startServer, stopServer } from '../../../compute-orchestration/server-actions.js';
import { createServers } from '../../../compute-orchestration/server-create.js';
import { deleteServer } from '../../../compute-orchestration/server-delete.js';
import { getServer } from '../../../compute-orchestration/server-query.js';
import {
  type Ec2Action,
  type Ec2Request,
  imageEc2Ids,
  instanceEc2Ids,
  instanceUuidOf,
} from '../ec2-action.js';
import {
  Ec2Error,
  imageNotFound,
  invalidParameterValue,
  keyPairNotFound,
  missingParameter,
} from '../ec2-errors.js';
import { instanceItem, instanceState } from '../instance-view.js';
import { intParam, listParam, requiredParam, structParams } from '../query-params.js';

/** Nova's EC2 default instance type. */
const DEFAULT_INSTANCE_TYPE = 'm1.small';

async function flavorIdOf(req: Ec2Request, name: string): Promise<string> {
  const flavors = await req.deps.compute.api.flavors.list({ is_public: null });
  const flavor = flavors.find((f) => f.name === name);
  if (!flavor) throw new Ec2Error('InvalidParameterValue', `Invalid value '${name}' for InstanceType.`);
  return flavor.flavorid;
}

/** Tags asked for the new instances (TagSpecification.N with ResourceType instance). */
function launchTags(req: Ec2Request): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const spec of structParams(req.params, 'TagSpecification')) {
    if (spec.ResourceType && spec.ResourceType !== 'instance') continue;
    for (const t of structParams(spec, 'Tag')) if (t.Key) tags[t.Key] = t.Value ?? '';
  }
  return tags;
}

export const runInstances: Ec2Action = async (req) => {
  const { params, deps, ctx } = req;
  const ami = requiredParam(params, 'ImageId');
  const m = /^ami-([0-9a-f]{8,17})$/.exec(ami);
  const imageUuid = m ? await deps.compute.api.ec2Ids.uuidOf('image', Number.parseInt(m[1], 16)) : null;
  if (!imageUuid) throw imageNotFound(ami);
  const minCount = intParam(params, 'MinCount', 1, 1, 1000);
  const maxCount = intParam(params, 'MaxCount', minCount, 1, 1000);
  if (!params.MinCount) throw missingParameter('MinCount');
  if (!params.MaxCount) throw missingParameter('MaxCount');
  if (minCount > maxCount) throw invalidParameterValue('MinCount must be less than or equal to MaxCount');
  const keyName = params.KeyName;
  if (keyName && !(await deps.compute.api.keyPairs.get(ctx.user_id ?? '', keyName)))
    throw keyPairNotFound(keyName);
  const created = await createServers(deps.compute, ctx, {
    name: `Server ${ami}`,
    imageRef: imageUuid,
    flavorRef: await flavorIdOf(req, params.InstanceType ?? DEFAULT_INSTANCE_TYPE),
    metadata: launchTags(req),
    availability_zone: params['Placement.AvailabilityZone'] || undefined,
    key_name: keyName || undefined,
    min_count: minCount,
    max_count: maxCount,
    user_data: params.UserData || undefined,
  });
  const ids = await instanceEc2Ids(
    deps,
    created.instances.map((i) => i.uuid),
  );
  const images = await imageEc2Ids(deps, [imageUuid]);
  return {
    reservationId: created.reservation_id,
    ownerId: ctx.project_id ?? '',
    groupSet: [{ groupId: 'default', groupName: 'default' }],
    instancesSet: created.instances.map((i) =>
      instanceItem(i, ids.get(i.uuid)!, images.get(imageUuid), deps.settings.defaultAvailabilityZone),
    ),
  };
};

/** The instances named by InstanceId.N, each with its EC2 id, all resolved before anything changes. */
async function namedInstances(req: Ec2Request): Promise<{ ec2Id: string; instance: Instance }[]> {
  const ids = listParam(req.params, 'InstanceId');
  if (ids.length === 0) throw missingParameter('InstanceId');
  const out: { ec2Id: string; instance: Instance }[] = [];
  for (const ec2Id of ids) {
    const uuid = await instanceUuidOf(req.deps, ec2Id);
    try {
      out.push({ ec2Id, instance: (await getServer(req.deps.compute, req.ctx, uuid)).instance });
    } catch {
      throw new Ec2Error('InvalidInstanceID.NotFound', `The instance ID '${ec2Id}' does not exist`);
    }
  }
  return out;
}

function stateChange(
  action: (req: Ec2Request, uuid: string) => Promise<void>,
  current: { code: number; name: string },
): Ec2Action {
  return async (req) => {
    const named = await namedInstances(req);
    for (const { instance } of named) await action(req, instance.uuid);
    return {
      instancesSet: named.map(({ ec2Id, instance }) => ({
        instanceId: ec2Id,
        currentState: current,
        previousState: instanceState(instance),
      })),
    };
  };
}

export const terminateInstances = stateChange((req, uuid) => deleteServer(req.deps.compute, req.ctx, uuid), {
  code: 32,
  name: 'shutting-down',
});
export const stopInstances = stateChange((req, uuid) => stopServer(req.deps.compute, req.ctx, uuid), {
  code: 64,
  name: 'stopping',
});
export const startInstances = stateChange((req, uuid) => startServer(req.deps.compute, req.ctx, uuid), {
  code: 0,
  name: 'pending',
});

export const rebootInstances: Ec2Action = async (req) => {
  for (const { instance } of await namedInstances(req))
    await rebootServer(req.deps.compute, req.ctx, instance.uuid, 'SOFT');
  return { return: true };
};

export const getConsoleOutput: Ec2Action = async (req) => {
  const ec2Id = requiredParam(req.params, 'InstanceId');
  const uuid = await instanceUuidOf(req.deps, ec2Id);
  const { instance } = await getServer(req.deps.compute, req.ctx, uuid).catch(() => {
    throw new Ec2Error('InvalidInstanceID.NotFound', `The instance ID '${ec2Id}' does not exist`);
  });
  if (!instance.host) throw new Ec2Error('IncorrectInstanceState', `The instance '${ec2Id}' is not ready`);
  const text = await req.deps.compute.compute.getConsoleOutput(req.ctx, instance.host, instance);
  return {
    instanceId: ec2Id,
    timestamp: new Date(),
    output: Buffer.from(text).toString('base64'),
  };
};
