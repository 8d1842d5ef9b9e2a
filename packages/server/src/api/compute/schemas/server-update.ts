/** PUT /servers/{id} (Nova's `schemas/servers.py` update, update_v219, update_v290). */
import type { ApiVersion } from '../api-version.js';
import { perVersion } from '../route-table.js';

const NAME = { type: 'string', minLength: 1, maxLength: 255, pattern: '^(?! )[^\\x00-\\x1f]*(?<! )$' };
const IPV4 = { type: 'string', pattern: '^$|^(\\d{1,3}\\.){3}\\d{1,3}$' };
const IPV6 = { type: 'string', pattern: '^$|^[0-9a-fA-F:.]+$' };

export const serverUpdateSchema = perVersion((v: ApiVersion) => ({
  type: 'object',
  properties: {
    server: {
      type: 'object',
      properties: {
        name: NAME,
        accessIPv4: IPV4,
        accessIPv6: IPV6,
        'OS-DCF:diskConfig': { type: 'string', enum: ['AUTO', 'MANUAL'] },
        ...(v.atLeast(2, 19) ? { description: { type: ['string', 'null'], maxLength: 255 } } : {}),
        ...(v.atLeast(2, 90)
          ? {
              hostname: {
                type: 'string',
                minLength: 1,
                maxLength: 255,
                pattern: '^[a-zA-Z0-9][a-zA-Z0-9.-]*$',
              },
            }
          : {}),
      },
      additionalProperties: false,
    },
  },
  required: ['server'],
  additionalProperties: false,
}));
