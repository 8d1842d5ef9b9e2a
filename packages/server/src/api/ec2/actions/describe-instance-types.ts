/**
 * DescribeInstanceTypes: the flavors the caller may use, by name, with
 * their vCPUs, memory and disk in EC2's 2016-11-15 shape.
 */
import type { Ec2Action } from '../ec2-action.js';
import { Ec2Error } from '../ec2-errors.js';
import { filterMatches, filterParams, listParam } from '../query-params.js';

export const describeInstanceTypes: Ec2Action = async ({ ctx, params, deps }) => {
  const flavors = await deps.compute.api.flavors.list({
    is_public: ctx.is_admin ? null : true,
    ...(ctx.is_admin ? {} : { project_id: ctx.project_id ?? undefined }),
  });
  const wanted = listParam(params, 'InstanceType');
  for (const name of wanted)
    if (!flavors.some((f) => f.name === name))
      throw new Ec2Error(
        'InvalidInstanceType',
        `The following supplied instance types do not exist: [${name}]`,
      );
  const filters = filterParams(params);
  return {
    instanceTypeSet: flavors
      .filter((f) => !f.disabled && (wanted.length === 0 || wanted.includes(f.name)))
      .filter((f) =>
        filters.every((flt) =>
          filterMatches(
            flt.values,
            flt.name === 'instance-type'
              ? f.name
              : flt.name === 'vcpu-info.default-vcpus'
                ? String(f.vcpus)
                : flt.name === 'memory-info.size-in-mib'
                  ? String(f.memory_mb)
                  : null,
          ),
        ),
      )
      .map((f) => ({
        instanceType: f.name,
        currentGeneration: true,
        bareMetal: false,
        hypervisor: 'xen',
        supportedRootDeviceTypes: ['instance-store'],
        supportedVirtualizationTypes: ['hvm'],
        processorInfo: { supportedArchitectures: ['x86_64'] },
        vCpuInfo: { defaultVCpus: f.vcpus, defaultCores: f.vcpus, defaultThreadsPerCore: 1 },
        memoryInfo: { sizeInMiB: f.memory_mb },
        instanceStorageSupported: f.root_gb + f.ephemeral_gb > 0,
        instanceStorageInfo: { totalSizeInGB: f.root_gb + f.ephemeral_gb },
        freeTierEligible: false,
      })),
  };
};
