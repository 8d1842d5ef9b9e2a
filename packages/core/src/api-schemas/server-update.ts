/** PUT /servers/{id} (Nova's `schemas/servers.py` update, update_v219, update_v290). */
import type { FromSchema } from './from-schema.js';
import { type AtLeast, atLeast, type MicroversionLike } from './microversion-range.js';
import { closed, DISK_CONFIG, NAME, wrapped } from './parameter-types.js';

const PROPERTIES = {
  name: NAME,
  accessIPv4: { type: 'string', pattern: '^$|^(\\d{1,3}\\.){3}\\d{1,3}$' },
  accessIPv6: { type: 'string', pattern: '^$|^[0-9a-fA-F:.]+$' },
  'OS-DCF:diskConfig': DISK_CONFIG,
} as const;
const DESCRIPTION = { description: { type: ['string', 'null'], maxLength: 255 } } as const;
const HOSTNAME = {
  hostname: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9][a-zA-Z0-9.-]*$' },
} as const;

export const SERVER_UPDATE_V2_1 = wrapped('server', closed(PROPERTIES));
export const SERVER_UPDATE_V2_19 = wrapped('server', closed({ ...PROPERTIES, ...DESCRIPTION }));
export const SERVER_UPDATE_V2_90 = wrapped('server', closed({ ...PROPERTIES, ...DESCRIPTION, ...HOSTNAME }));

export function serverUpdateSchemaFor(v: MicroversionLike) {
  if (atLeast(v, 90)) return SERVER_UPDATE_V2_90;
  if (atLeast(v, 19)) return SERVER_UPDATE_V2_19;
  return SERVER_UPDATE_V2_1;
}

/** What `{"server": ...}` of PUT /servers/{id} may hold at microversion V. */
export type ServerUpdate<V extends string> = FromSchema<
  AtLeast<V, 90> extends true
    ? typeof SERVER_UPDATE_V2_90
    : AtLeast<V, 19> extends true
      ? typeof SERVER_UPDATE_V2_19
      : typeof SERVER_UPDATE_V2_1
>['server'];
