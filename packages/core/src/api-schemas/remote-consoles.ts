/**
 * Request bodies of the console APIs (Nova's `schemas/remote_consoles.py`):
 * the pre-2.6 actions take one `type` each, POST remote-consoles (2.6+) a
 * protocol/type pair, with `mks`/`webmks` from 2.8. `xvpvnc` stays in the
 * schemas as in Nova (and is served: nova-xvpvncproxy).
 */
import type { FromSchema } from './from-schema.js';
import { type AtLeast, atLeast, type MicroversionLike } from './microversion-range.js';
import { closed, wrapped } from './parameter-types.js';

const consoleAction = <K extends string, T extends readonly string[]>(key: K, types: T) =>
  wrapped(key, closed({ type: { type: 'string' as const, enum: types } }, ['type'] as const));

export const GET_VNC_CONSOLE = consoleAction('os-getVNCConsole', ['novnc', 'xvpvnc'] as const);
export const GET_SPICE_CONSOLE = consoleAction('os-getSPICEConsole', ['spice-html5'] as const);
export const GET_RDP_CONSOLE = consoleAction('os-getRDPConsole', ['rdp-html5'] as const);
export const GET_SERIAL_CONSOLE = consoleAction('os-getSerialConsole', ['serial'] as const);

const remoteConsole = <P extends readonly string[], T extends readonly string[]>(protocols: P, types: T) =>
  wrapped(
    'remote_console',
    closed(
      {
        protocol: { type: 'string' as const, enum: protocols },
        type: { type: 'string' as const, enum: types },
      },
      ['protocol', 'type'] as const,
    ),
  );

export const REMOTE_CONSOLE_V2_6 = remoteConsole(
  ['vnc', 'spice', 'rdp', 'serial'] as const,
  ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial'] as const,
);
export const REMOTE_CONSOLE_V2_8 = remoteConsole(
  ['vnc', 'spice', 'rdp', 'serial', 'mks'] as const,
  ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial', 'webmks'] as const,
);

/** POST /servers/{id}/remote-consoles's body schema (undefined before 2.6: no such route). */
export function remoteConsoleSchemaFor(v: MicroversionLike) {
  if (atLeast(v, 8)) return REMOTE_CONSOLE_V2_8;
  if (atLeast(v, 6)) return REMOTE_CONSOLE_V2_6;
  return undefined;
}

/** What `{"remote_console": ...}` may hold at microversion V. */
export type RemoteConsoleCreate<V extends string> = FromSchema<
  AtLeast<V, 8> extends true ? typeof REMOTE_CONSOLE_V2_8 : typeof REMOTE_CONSOLE_V2_6
>['remote_console'];
