/**
 * Bodies of os-interface (`interfaceAttachment`) and os-volume_attachments
 * (`volumeAttachment`), by microversion: tag from 2.70,
 * delete_on_termination from 2.79, and from 2.89 attachment_id and bdm_uuid
 * instead of `id` in list and show.
 */
import type { BlockDeviceMapping } from '@novats/core';
import type { InterfacePort } from '../../../compute-orchestration/server-interfaces.js';
import type { ApiVersion } from '../api-version.js';

export function interfaceAttachmentView(port: InterfacePort, v: ApiVersion): Record<string, unknown> {
  return {
    net_id: port.network_id,
    port_id: port.id,
    mac_addr: port.mac_address,
    port_state: 'ACTIVE',
    fixed_ips: port.fixed_ips.map((f) => ({ subnet_id: f.subnet_id, ip_address: f.ip_address })),
    ...(v.atLeast(2, 70) ? { tag: port.tag } : {}),
  };
}

/** `created`: the body of POST, which keeps `id` at every microversion. */
export function volumeAttachmentView(
  bdm: BlockDeviceMapping,
  serverId: string,
  v: ApiVersion,
  created = false,
): Record<string, unknown> {
  const withId = created || !v.atLeast(2, 89);
  return {
    ...(withId ? { id: bdm.volume_id } : {}),
    serverId,
    volumeId: bdm.volume_id,
    device: bdm.device_name,
    ...(v.atLeast(2, 70) ? { tag: bdm.tag } : {}),
    ...(v.atLeast(2, 79) ? { delete_on_termination: bdm.delete_on_termination } : {}),
    ...(!created && v.atLeast(2, 89) ? { attachment_id: bdm.attachment_id, bdm_uuid: bdm.uuid } : {}),
  };
}
