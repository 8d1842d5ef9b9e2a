/**
 * POST /servers/{server_id}/remote-consoles (2.6+, Nova's
 * `RemoteConsolesController.create`): `{"remote_console": {protocol, type}}`
 * answers 200 `{"remote_console": {protocol, type, url}}`. 400 for a type
 * the host does not serve or that does not belong to the protocol, 404 for
 * an unknown server, 409 when it has no host yet or is deleting/migrating,
 * 501 when the host's driver has no such console.
 */
import { ConsoleTypeInvalid, REMOTE_CONSOLE_V2_6, REMOTE_CONSOLE_V2_8 } from '@novats/core';
import { getRemoteConsole } from '../../compute-orchestration/server-consoles.js';
import type { RemoteConsoleProtocol } from '../../rpc/compute-console-rpcapi.js';
import type { ComputeRoute } from './route-table.js';

interface RemoteConsoleBody {
  remote_console: { protocol: RemoteConsoleProtocol; type: string };
}

/** The types each protocol takes; Nova's compute manager refuses the others with ConsoleTypeInvalid. */
const PROTOCOL_TYPES: Readonly<Record<RemoteConsoleProtocol, readonly string[]>> = {
  vnc: ['novnc', 'xvpvnc'],
  spice: ['spice-html5'],
  rdp: ['rdp-html5'],
  serial: ['serial'],
  mks: ['webmks'],
};

export const REMOTE_CONSOLES_ROUTES: readonly ComputeRoute[] = [
  {
    min: '2.6',
    method: 'POST',
    path: '/servers/:server_id/remote-consoles',
    policy: 'os_compute_api:os-remote-consoles',
    summary: 'A remote console URL (vnc, spice, rdp, serial; mks from 2.8)',
    body: (v) => (v.atLeast(2, 8) ? REMOTE_CONSOLE_V2_8 : REMOTE_CONSOLE_V2_6),
    async handler(r) {
      const body = (r.body as RemoteConsoleBody).remote_console;
      if (!PROTOCOL_TYPES[body.protocol].includes(body.type)) throw new ConsoleTypeInvalid(body.type);
      const { url } = await getRemoteConsole(r.deps, r.ctx, r.params.server_id, body.protocol, body.type);
      return { body: { remote_console: { protocol: body.protocol, type: body.type, url } } };
    },
  },
];
