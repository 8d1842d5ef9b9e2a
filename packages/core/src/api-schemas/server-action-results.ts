/**
 * What the server actions that answer with a body answer (Nova's
 * api_samples): rescue and evacuate (before 2.14) an admin password,
 * os-getConsoleOutput the log's tail, the pre-2.6 console actions and
 * POST remote-consoles a console URL, createImage (2.45+) the image id,
 * rebuild the server. The SDK types its calls from these.
 */
import type { FromSchema } from './from-schema.js';
import type { AtLeast } from './microversion-range.js';
import type { ServerView } from './server-view.js';

export const ADMIN_PASSWORD_RESULT = {
  type: 'object',
  properties: { adminPass: { type: 'string' } },
  required: ['adminPass'],
} as const;

export const CONSOLE_OUTPUT_RESULT = {
  type: 'object',
  properties: { output: { type: 'string' } },
  required: ['output'],
} as const;

export const CONSOLE_RESULT = {
  type: 'object',
  properties: {
    console: {
      type: 'object',
      properties: { type: { type: 'string' }, url: { type: 'string' } },
      required: ['type', 'url'],
    },
  },
  required: ['console'],
} as const;

export const REMOTE_CONSOLE_RESULT = {
  type: 'object',
  properties: {
    remote_console: {
      type: 'object',
      properties: { protocol: { type: 'string' }, type: { type: 'string' }, url: { type: 'string' } },
      required: ['protocol', 'type', 'url'],
    },
  },
  required: ['remote_console'],
} as const;

export const CREATE_IMAGE_RESULT = {
  type: 'object',
  properties: { image_id: { type: 'string' } },
  required: ['image_id'],
} as const;

type Console = FromSchema<typeof CONSOLE_RESULT>;

/** What POST /servers/{id}/action answers for action K at microversion V (`undefined`: 202/204 with no body). */
export type ServerActionResult<V extends string, K extends string> = K extends 'rescue'
  ? FromSchema<typeof ADMIN_PASSWORD_RESULT>
  : K extends 'evacuate'
    ? AtLeast<V, 14> extends true
      ? undefined
      : FromSchema<typeof ADMIN_PASSWORD_RESULT>
    : K extends 'os-getConsoleOutput'
      ? FromSchema<typeof CONSOLE_OUTPUT_RESULT>
      : K extends 'os-getVNCConsole' | 'os-getSPICEConsole' | 'os-getRDPConsole' | 'os-getSerialConsole'
        ? Console
        : K extends 'createImage'
          ? AtLeast<V, 45> extends true
            ? FromSchema<typeof CREATE_IMAGE_RESULT>
            : undefined
          : K extends 'rebuild'
            ? { server: ServerView<V> & { adminPass?: string } }
            : undefined;

export type RemoteConsole = FromSchema<typeof REMOTE_CONSOLE_RESULT>['remote_console'];
