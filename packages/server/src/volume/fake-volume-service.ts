/**
 * A fake block storage service for the all-in-one (no Cinder): volumes live
 * in memory, known by uuid, with Cinder's status words (available, reserved,
 * in-use) and attachments; a `multiattach` volume takes attachments of
 * several instances, as Cinder's multiattach volume type. A volume "made from an image" only records the
 * image id in its volume_image_metadata. It stores no data and forgets everything when the
 * process ends; blank volumes of server create and `os-volume_attachments`
 * use it. `fakeVolumesFor(apiDatabase)` gives every API of one deployment
 * in this process the same instance.
 */
import { randomUUID } from 'node:crypto';
import type { ApiDatabase, RequestContext, Volume, VolumeService } from '@novats/core';
import { InvalidVolume, NotFound, VolumeNotFound } from '@novats/core';

export class FakeVolumeService implements VolumeService {
  readonly #volumes = new Map<string, Volume>();

  #get(id: string): Volume {
    const v = this.#volumes.get(id);
    if (!v) throw new VolumeNotFound(id);
    return v;
  }

  async get(_ctx: RequestContext, volumeId: string): Promise<Volume> {
    return this.#get(volumeId);
  }

  async create(
    _ctx: RequestContext,
    opts: { size: number; name?: string | null; id?: string; imageId?: string; multiattach?: boolean },
  ): Promise<Volume> {
    const v: Volume = {
      id: opts.id ?? randomUUID(),
      name: opts.name ?? null,
      size: opts.size,
      status: 'available',
      multiattach: opts.multiattach ?? false,
      attachments: [],
      ...(opts.imageId ? { volume_image_metadata: { image_id: opts.imageId } } : {}),
    };
    this.#volumes.set(v.id, v);
    return v;
  }

  async attachmentCreate(_ctx: RequestContext, volumeId: string, instanceUuid: string): Promise<string> {
    const v = this.#get(volumeId);
    if (v.attachments.some((a) => a.instance_uuid === instanceUuid)) {
      throw new InvalidVolume(`volume ${volumeId} already attached`);
    }
    if (v.status !== 'available' && !v.multiattach) {
      throw new InvalidVolume(`volume ${volumeId} status must be 'available'. Currently in '${v.status}'`);
    }
    const attachmentId = randomUUID();
    this.#volumes.set(volumeId, {
      ...v,
      status: 'reserved',
      attachments: [
        ...v.attachments,
        { attachment_id: attachmentId, instance_uuid: instanceUuid, mountpoint: null },
      ],
    });
    return attachmentId;
  }

  #byAttachment(attachmentId: string): Volume | undefined {
    for (const v of this.#volumes.values()) {
      if (v.attachments.some((a) => a.attachment_id === attachmentId)) return v;
    }
    return undefined;
  }

  async attachmentComplete(_ctx: RequestContext, attachmentId: string, mountpoint: string): Promise<void> {
    const v = this.#byAttachment(attachmentId);
    if (!v) throw new NotFound(`Volume attachment ${attachmentId} could not be found.`);
    this.#volumes.set(v.id, {
      ...v,
      status: 'in-use',
      attachments: v.attachments.map((a) => (a.attachment_id === attachmentId ? { ...a, mountpoint } : a)),
    });
  }

  async attachmentDelete(_ctx: RequestContext, attachmentId: string): Promise<void> {
    const v = this.#byAttachment(attachmentId);
    if (!v) return;
    const attachments = v.attachments.filter((a) => a.attachment_id !== attachmentId);
    this.#volumes.set(v.id, { ...v, attachments, status: attachments.length > 0 ? 'in-use' : 'available' });
  }

  async delete(_ctx: RequestContext, volumeId: string): Promise<void> {
    const v = this.#volumes.get(volumeId);
    if (v && v.attachments.length > 0) throw new InvalidVolume(`volume ${volumeId} is attached`);
    this.#volumes.delete(volumeId);
  }
}

const byDeployment = new WeakMap<ApiDatabase, FakeVolumeService>();

/** The fake volume service of the deployment whose API database is `api`. */
export function fakeVolumesFor(api: ApiDatabase): FakeVolumeService {
  let v = byDeployment.get(api);
  if (!v) {
    v = new FakeVolumeService();
    byDeployment.set(api, v);
  }
  return v;
}
