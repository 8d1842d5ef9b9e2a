/**
 * /servers/{id}/os-volume_attachments (Nova's VolumeAttachmentController):
 * list (limit/offset), show, attach (200), PUT to swap a volume (admin) or,
 * from 2.85, to change delete_on_termination (202), detach (202), against
 * the deployment's volume service (a fake unless one is configured).
 */
import { InvalidInput, volumeAttachSchema, volumeIndexQuerySchema, volumeUpdateSchema } from '@novats/core';
import {
  attachVolume,
  detachVolume,
  listVolumeAttachments,
  showVolumeAttachment,
  swapVolume,
  updateVolumeAttachment,
  type VolumeAttachGates,
} from '../../compute-orchestration/server-volume-attachments.js';
import type { ApiVersion } from './api-version.js';
import { lastValue } from './pagination.js';
import { authorize } from './policy.js';
import { type ComputeRoute, perVersion } from './route-table.js';
import { volumeAttachmentView } from './views/attachment-views.js';

/** The microversion gates of attach and detach: shelved servers from 2.20, multiattach volumes from 2.60. */
function gatesOf(v: ApiVersion): VolumeAttachGates {
  return { shelved: v.atLeast(2, 20), multiattach: v.atLeast(2, 60) };
}

const POLICY = 'os_compute_api:os-volumes-attachments';
const PATH = '/servers/:server_id/os-volume_attachments';

export const VOLUME_ATTACHMENTS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: PATH,
    policy: `${POLICY}:index`,
    query: perVersion(volumeIndexQuerySchema),
    summary: "A server's volume attachments (limit, offset)",
    async handler(r) {
      const all = await listVolumeAttachments(r.deps, r.ctx, r.params.server_id);
      const offset = Number(lastValue(r.query.offset) ?? 0);
      const limit = Math.min(Number(lastValue(r.query.limit) ?? r.deps.maxLimit), r.deps.maxLimit);
      const page = all.slice(offset, offset + limit);
      return {
        body: { volumeAttachments: page.map((b) => volumeAttachmentView(b, r.params.server_id, r.version)) },
      };
    },
  },
  {
    method: 'GET',
    path: `${PATH}/:volume_id`,
    policy: `${POLICY}:show`,
    summary: 'One volume attachment',
    async handler(r) {
      const bdm = await showVolumeAttachment(r.deps, r.ctx, r.params.server_id, r.params.volume_id);
      return { body: { volumeAttachment: volumeAttachmentView(bdm, r.params.server_id, r.version) } };
    },
  },
  {
    method: 'POST',
    path: PATH,
    policy: `${POLICY}:create`,
    summary: 'Attach a volume (tag 2.49, delete_on_termination 2.79)',
    body: perVersion(volumeAttachSchema),
    async handler(r) {
      const a = r.body.volumeAttachment;
      const bdm = await attachVolume(
        r.deps,
        r.ctx,
        r.params.server_id,
        {
          volumeId: a.volumeId,
          device: a.device,
          tag: a.tag,
          delete_on_termination: a.delete_on_termination,
        },
        gatesOf(r.version),
      );
      return {
        body: { volumeAttachment: volumeAttachmentView(bdm, r.params.server_id, r.version, true) },
      };
    },
  },
  {
    method: 'PUT',
    path: `${PATH}/:volume_id`,
    policy: `${POLICY}:update`,
    status: 202,
    summary: 'Swap the volume (admin), or from 2.85 change delete_on_termination',
    body: perVersion(volumeUpdateSchema),
    async handler(r) {
      const a = r.body.volumeAttachment;
      const { server_id: serverId, volume_id: volumeId } = r.params;
      if (!r.version.atLeast(2, 85) || a.volumeId !== volumeId) {
        authorize(r.deps.policy, r.ctx, `${POLICY}:swap`, {});
        await swapVolume(r.deps, r.ctx, serverId, volumeId, a.volumeId);
        return {};
      }
      const current = await showVolumeAttachment(r.deps, r.ctx, serverId, volumeId);
      const immutable: [string, unknown][] = [
        ['id', current.volume_id],
        ['serverId', serverId],
        ['device', current.device_name],
        ['tag', current.tag],
      ];
      for (const [key, value] of immutable) {
        if (key in a && a[key] !== value) throw new InvalidInput(`The ${key} property is not mutable`);
      }
      await updateVolumeAttachment(r.deps, r.ctx, serverId, volumeId, {
        ...(a.delete_on_termination !== undefined ? { delete_on_termination: a.delete_on_termination } : {}),
      });
      return {};
    },
  },
  {
    method: 'DELETE',
    path: `${PATH}/:volume_id`,
    policy: `${POLICY}:delete`,
    status: 202,
    summary: 'Detach a volume',
    async handler(r) {
      await detachVolume(r.deps, r.ctx, r.params.server_id, r.params.volume_id, gatesOf(r.version));
      return {};
    },
  },
];
