/**
 * /servers/{id}/os-interface (Nova's attach_interfaces controller): list,
 * show, attach (200 with the new interfaceAttachment) and detach (202)
 * against the fake network, through the host's virt driver.
 */

import { interfaceCreateSchema } from '@novats/core';
import {
  attachInterface,
  detachInterface,
  listInterfaces,
  showInterface,
} from '../../compute-orchestration/server-interfaces.js';
import { type ComputeRoute, perVersion } from './route-table.js';
import { interfaceAttachmentView } from './views/attachment-views.js';

const POLICY = 'os_compute_api:os-attach-interfaces';

export const SERVER_INTERFACES_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/servers/:server_id/os-interface',
    policy: `${POLICY}:list`,
    summary: "A server's interfaces (ports)",
    async handler(r) {
      const ports = await listInterfaces(r.deps, r.ctx, r.params.server_id);
      return { body: { interfaceAttachments: ports.map((p) => interfaceAttachmentView(p, r.version)) } };
    },
  },
  {
    method: 'GET',
    path: '/servers/:server_id/os-interface/:port_id',
    policy: `${POLICY}:show`,
    summary: 'One interface of a server',
    async handler(r) {
      const port = await showInterface(r.deps, r.ctx, r.params.server_id, r.params.port_id);
      return { body: { interfaceAttachment: interfaceAttachmentView(port, r.version) } };
    },
  },
  {
    method: 'POST',
    path: '/servers/:server_id/os-interface',
    policy: `${POLICY}:create`,
    summary: 'Attach a port, or a new port on a network (tag from 2.49)',
    body: perVersion(interfaceCreateSchema),
    async handler(r) {
      const a = (r.body?.interfaceAttachment ?? {}) as {
        net_id?: string;
        port_id?: string;
        fixed_ips?: { ip_address: string }[];
        tag?: string;
      };
      const port = await attachInterface(r.deps, r.ctx, r.params.server_id, {
        net_id: a.net_id,
        port_id: a.port_id,
        fixed_ip: a.fixed_ips?.[0]?.ip_address,
        tag: a.tag,
      });
      return { body: { interfaceAttachment: interfaceAttachmentView(port, r.version) } };
    },
  },
  {
    method: 'DELETE',
    path: '/servers/:server_id/os-interface/:port_id',
    policy: `${POLICY}:delete`,
    status: 202,
    summary: 'Detach an interface',
    async handler(r) {
      await detachInterface(r.deps, r.ctx, r.params.server_id, r.params.port_id);
      return {};
    },
  },
];
