/**
 * Request bodies of os-interface and os-volume_attachments, as Nova's
 * `schemas/attach_interfaces.py` and `schemas/volumes.py` define them per
 * microversion (tag from 2.49, delete_on_termination from 2.79, the 2.85
 * update body).
 */
import { atLeast, type MicroversionLike } from './microversion-range.js';

import { UUID } from './parameter-types.js';

/** Nova's device `tag` (2.49+). */
const TAG = { type: 'string', maxLength: 60, pattern: '^[^,/]*$' } as const;
const IPV4_OR_6 = { type: 'string', pattern: '^([0-9.]+|[0-9a-fA-F:]+)$' } as const;
const DEVICE = {
  type: ['string', 'null'],
  pattern: '(^/dev/x{0,2}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$',
} as const;

export function interfaceCreateSchema(v: MicroversionLike): object {
  return {
    type: 'object',
    properties: {
      interfaceAttachment: {
        type: 'object',
        properties: {
          net_id: UUID,
          port_id: UUID,
          fixed_ips: {
            type: 'array',
            minItems: 1,
            maxItems: 1,
            items: {
              type: 'object',
              properties: { ip_address: IPV4_OR_6 },
              required: ['ip_address'],
              additionalProperties: false,
            },
          },
          ...(atLeast(v, 49) ? { tag: TAG } : {}),
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  };
}

export function volumeAttachSchema(v: MicroversionLike): object {
  return {
    type: 'object',
    properties: {
      volumeAttachment: {
        type: 'object',
        properties: {
          volumeId: UUID,
          device: DEVICE,
          ...(atLeast(v, 49) ? { tag: TAG } : {}),
          ...(atLeast(v, 79) ? { delete_on_termination: { type: 'boolean' } } : {}),
        },
        required: ['volumeId'],
        additionalProperties: false,
      },
    },
    required: ['volumeAttachment'],
    additionalProperties: false,
  };
}

export function volumeUpdateSchema(v: MicroversionLike): object {
  const properties = atLeast(v, 85)
    ? {
        volumeId: UUID,
        id: UUID,
        serverId: UUID,
        device: DEVICE,
        tag: TAG,
        delete_on_termination: { type: 'boolean' },
      }
    : { volumeId: UUID };
  return {
    type: 'object',
    properties: {
      volumeAttachment: { type: 'object', properties, required: ['volumeId'], additionalProperties: false },
    },
    required: ['volumeAttachment'],
    additionalProperties: false,
  };
}

/** limit/offset of GET os-volume_attachments; unknown parameters 400 from 2.75. */
export function volumeIndexQuerySchema(v: MicroversionLike): object {
  const n = { type: 'array', items: { type: 'string', pattern: '^[0-9]*$' } };
  return {
    type: 'object',
    properties: { limit: n, offset: n },
    additionalProperties: !atLeast(v, 75),
  };
}
