/**
 * The pre-2.6 console actions of POST /servers/{id}/action
 * (os-getVNCConsole, os-getSPICEConsole, os-getRDPConsole,
 * os-getSerialConsole): 200 `{"console": {type, url}}`. From 2.6 they are
 * gone (404, as Nova's versioned actions), replaced by remote-consoles.
 */
import {
  GET_RDP_CONSOLE,
  GET_SERIAL_CONSOLE,
  GET_SPICE_CONSOLE,
  GET_VNC_CONSOLE,
  NotFound,
} from '@novats/core';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { getRemoteConsole } from '../../compute-orchestration/server-consoles.js';
import { compileValidator } from '../../http/validation.js';
import type { RemoteConsoleProtocol } from '../../rpc/compute-console-rpcapi.js';
import type { ComputeRequestState } from './request-state.js';

type ConsoleAction = (
  deps: ComputeApiDeps,
  s: ComputeRequestState,
  uuid: string,
  body: Record<string, any>,
) => Promise<{ console: { type: string; url: string } }>;

function consoleAction(action: string, protocol: RemoteConsoleProtocol, schema: object): ConsoleAction {
  const validate = compileValidator<Record<string, { type: string }>>(schema);
  return async (deps, s, uuid, body) => {
    if (!s.version.atMost(2, 5)) throw new NotFound('The resource could not be found.');
    const type = validate(body)[action].type;
    const { url } = await getRemoteConsole(deps, s.ctx, uuid, protocol, type);
    return { console: { type, url } };
  };
}

export const CONSOLE_ACTIONS: Readonly<Record<string, ConsoleAction>> = {
  'os-getVNCConsole': consoleAction('os-getVNCConsole', 'vnc', GET_VNC_CONSOLE),
  'os-getSPICEConsole': consoleAction('os-getSPICEConsole', 'spice', GET_SPICE_CONSOLE),
  'os-getRDPConsole': consoleAction('os-getRDPConsole', 'rdp', GET_RDP_CONSOLE),
  'os-getSerialConsole': consoleAction('os-getSerialConsole', 'serial', GET_SERIAL_CONSOLE),
};
