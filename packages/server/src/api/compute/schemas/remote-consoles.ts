/**
 * Request bodies of the console APIs (Nova's `schemas/remote_consoles.py`):
 * the pre-2.6 actions take one `type` each, POST remote-consoles a
 * protocol/type pair, with `mks`/`webmks` from 2.8. `xvpvnc` stays in the
 * schemas as in Nova; here it is also served (nova-xvpvncproxy).
 */

function actionSchema(action: string, types: readonly string[]) {
  return {
    type: 'object',
    properties: {
      [action]: {
        type: 'object',
        properties: { type: { type: 'string', enum: types } },
        required: ['type'],
        additionalProperties: false,
      },
    },
    required: [action],
    additionalProperties: false,
  };
}

export const getVncConsoleSchema = actionSchema('os-getVNCConsole', ['novnc', 'xvpvnc']);
export const getSpiceConsoleSchema = actionSchema('os-getSPICEConsole', ['spice-html5']);
export const getRdpConsoleSchema = actionSchema('os-getRDPConsole', ['rdp-html5']);
export const getSerialConsoleSchema = actionSchema('os-getSerialConsole', ['serial']);

function createSchema(protocols: readonly string[], types: readonly string[]) {
  return {
    type: 'object',
    properties: {
      remote_console: {
        type: 'object',
        properties: {
          protocol: { type: 'string', enum: protocols },
          type: { type: 'string', enum: types },
        },
        required: ['protocol', 'type'],
        additionalProperties: false,
      },
    },
    required: ['remote_console'],
    additionalProperties: false,
  };
}

export const remoteConsoleV26Schema = createSchema(
  ['vnc', 'spice', 'rdp', 'serial'],
  ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial'],
);

export const remoteConsoleV28Schema = createSchema(
  ['vnc', 'spice', 'rdp', 'serial', 'mks'],
  ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial', 'webmks'],
);
