/**
 * Request bodies of PUT /os-services (Nova's `schemas/services.py`): the
 * legacy actions name host and binary (2.11 adds forced_down), 2.53 updates
 * one service by uuid with at least one field.
 */
import { closed, HOST } from './parameter-types.js';

const reason = { type: 'string', minLength: 1, maxLength: 255 } as const;
const binary = { type: 'string', minLength: 1, maxLength: 255 } as const;

export const SERVICE_UPDATE_V2_1 = closed(
  { host: HOST, binary, disabled_reason: reason } as const,
  ['host', 'binary'] as const,
);

export const SERVICE_UPDATE_V2_11 = closed(
  { host: HOST, binary, disabled_reason: reason, forced_down: { type: 'boolean' } } as const,
  ['host', 'binary'] as const,
);

export const SERVICE_UPDATE_V2_53 = {
  ...closed({
    status: { type: 'string', enum: ['enabled', 'disabled'] },
    disabled_reason: reason,
    forced_down: { type: 'boolean' },
  } as const),
  minProperties: 1,
} as const;
