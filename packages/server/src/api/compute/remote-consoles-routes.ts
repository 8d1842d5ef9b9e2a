/**
 * POST /servers/{server_id}/remote-consoles (2.6+, Nova's
 * `RemoteConsolesController.create`): `{"remote_console": {protocol, type}}`
 * answers 200 `{"remote_console": {protocol, type, url}}`. 400 for a type
 * the host does not serve or that does not belong to the protocol, 404 for
 * an unknown server, 409 when it has no host yet or is deleting/migrating,
 * 501 when the host's driver has no such console.
 */
import { ConsoleTypeInvalid, NotFound, REMOTE_CONSOLE_V2_6, REMOTE_CONSOLE_V2_8 } from '@novats/core';
import type { FastifyInstance } from 'fastify';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { getRemoteConsole } from '../../compute-orchestration/server-consoles.js';
import { compileValidator } from '../../http/validation.js';
import type { RemoteConsoleProtocol } from '../../rpc/compute-console-rpcapi.js';
import { stateOf } from './request-state.js';

interface RemoteConsoleBody {
  remote_console: { protocol: RemoteConsoleProtocol; type: string };
}

const validateV26 = compileValidator<RemoteConsoleBody>(REMOTE_CONSOLE_V2_6);
const validateV28 = compileValidator<RemoteConsoleBody>(REMOTE_CONSOLE_V2_8);

/** The types each protocol takes; Nova's compute manager refuses the others with ConsoleTypeInvalid. */
const PROTOCOL_TYPES: Readonly<Record<RemoteConsoleProtocol, readonly string[]>> = {
  vnc: ['novnc', 'xvpvnc'],
  spice: ['spice-html5'],
  rdp: ['rdp-html5'],
  serial: ['serial'],
  mks: ['webmks'],
};

export function remoteConsolesRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  app.post('/servers/:server_id/remote-consoles', async (req) => {
    const s = stateOf(req);
    if (!s.version.atLeast(2, 6)) throw new NotFound('The resource could not be found.');
    const body = (s.version.atLeast(2, 8) ? validateV28 : validateV26)(req.body).remote_console;
    if (!PROTOCOL_TYPES[body.protocol].includes(body.type)) throw new ConsoleTypeInvalid(body.type);
    const uuid = (req.params as { server_id: string }).server_id;
    const { url } = await getRemoteConsole(deps, s.ctx, uuid, body.protocol, body.type);
    return { remote_console: { protocol: body.protocol, type: body.type, url } };
  });
}
