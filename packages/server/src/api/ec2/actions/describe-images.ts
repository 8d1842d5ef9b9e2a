/**
 * DescribeImages: the images the caller may see, each under a stable
 * `ami-%08x` (aki/ari for kernel and ramdisk images, as Nova's ec2utils),
 * narrowed by ImageId.N, Owner.N and Filter.N (image-id, name, state,
 * is-public, owner-id, image-type).
 */
import { formatEc2Id, type ImageMeta } from '@novats/core';
import type { Ec2Action } from '../ec2-action.js';
import { Ec2Error, imageNotFound } from '../ec2-errors.js';
import { filterMatches, filterParams, listParam } from '../query-params.js';

function imageType(image: ImageMeta): 'machine' | 'kernel' | 'ramdisk' {
  if (image.container_format === 'aki' || image.disk_format === 'aki') return 'kernel';
  if (image.container_format === 'ari' || image.disk_format === 'ari') return 'ramdisk';
  return 'machine';
}

const PREFIX = { machine: 'ami', kernel: 'aki', ramdisk: 'ari' } as const;

export const describeImages: Ec2Action = async ({ ctx, params, deps }) => {
  const images = await deps.compute.images.list(ctx);
  const ids = await deps.compute.api.ec2Ids.idsFor(
    'image',
    images.map((i) => i.id),
  );
  const items = images.map((image) => {
    const type = imageType(image);
    const ec2Id = formatEc2Id(PREFIX[type], ids.get(image.id)!);
    return { image, type, ec2Id, isPublic: image.visibility === 'public' };
  });
  const facts: Record<string, (e: (typeof items)[number]) => string | null> = {
    'image-id': (e) => e.ec2Id,
    name: (e) => e.image.name,
    state: (e) => (e.image.status === 'active' ? 'available' : e.image.status),
    'is-public': (e) => String(e.isPublic),
    'owner-id': (e) => e.image.owner,
    'image-type': (e) => e.type,
  };
  const checks = filterParams(params).map((f) => {
    const fact = facts[f.name];
    if (!fact) throw new Ec2Error('InvalidParameterValue', `The filter '${f.name}' is invalid`);
    return (e: (typeof items)[number]) => filterMatches(f.values, fact(e));
  });
  const wanted = listParam(params, 'ImageId');
  const owners = listParam(params, 'Owner');
  let selected = items.filter((e) => checks.every((c) => c(e)));
  if (owners.length > 0)
    selected = selected.filter(
      (e) =>
        owners.includes(e.image.owner ?? '') || (owners.includes('self') && e.image.owner === ctx.project_id),
    );
  if (wanted.length > 0) {
    for (const id of wanted) if (!selected.some((e) => e.ec2Id === id)) throw imageNotFound(id);
    selected = selected.filter((e) => wanted.includes(e.ec2Id));
  }
  return {
    imagesSet: selected.map((e) => ({
      imageId: e.ec2Id,
      imageLocation: e.image.properties.image_location ?? `None (${e.image.name})`,
      imageState: e.image.status === 'active' ? 'available' : e.image.status,
      imageOwnerId: e.image.owner ?? '',
      isPublic: e.isPublic,
      architecture: e.image.properties.architecture ?? 'x86_64',
      imageType: e.type,
      name: e.image.name,
      rootDeviceType: 'instance-store',
      rootDeviceName: '/dev/vda',
      blockDeviceMapping: [],
      virtualizationType: 'hvm',
      hypervisor: 'xen',
      creationDate: new Date(e.image.created_at),
    })),
  };
};
