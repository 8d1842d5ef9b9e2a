/**
 * The pre-2.6 console actions of POST /servers/{id}/action
 * (os-getVNCConsole, os-getSPICEConsole, os-getRDPConsole,
 * os-getSerialConsole): 200 `{"console": {type, url}}`. From 2.6 they are
 * gone (404, as Nova's versioned actions), replaced by remote-consoles.
 */
import { NotFound } from '@novats/core';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { getRemoteConsole } from '../../compute-orchestration/server-consoles.js';
import { compileValidator } from '../../http/validation.js';
import type { RemoteConsoleProtocol } from '../../rpc/compute-console-rpcapi.js';
import type { ComputeRequestState } from './request-state.js';
import {
  getRdpConsoleSchema,
  getSerialConsoleSchema,
  getSpiceConsoleSchema,
  getVncConsoleSchema,
} from './schemas/remote-consoles.js';

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
  'os-getVNCConsole': consoleAction('os-getVNCConsole', 'vnc', getVncConsoleSchema),
  'os-getSPICEConsole': consoleAction('os-getSPICEConsole', 'spice', getSpiceConsoleSchema),
  'os-getRDPConsole': consoleAction('os-getRDPConsole', 'rdp', getRdpConsoleSchema),
  'os-getSerialConsole': consoleAction('os-getSerialConsole', 'serial', getSerialConsoleSchema),
};
