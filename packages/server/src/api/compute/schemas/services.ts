/**
 * Request bodies of PUT /os-services as Nova's `schemas/services.py`
 * defines them: the legacy actions name host and binary (2.11 adds
 * forced_down), 2.53 updates one service by uuid with at least one field.
 */
const reason = { type: 'string', minLength: 1, maxLength: 255 };
const host = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' };
const binary = { type: 'string', minLength: 1, maxLength: 255 };

export const serviceUpdateSchema = {
  type: 'object',
  properties: { host, binary, disabled_reason: reason },
  required: ['host', 'binary'],
  additionalProperties: false,
};

export const serviceUpdateV211Schema = {
  type: 'object',
  properties: { host, binary, disabled_reason: reason, forced_down: { type: 'boolean' } },
  required: ['host', 'binary'],
  additionalProperties: false,
};

export const serviceUpdateV253Schema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['enabled', 'disabled'] },
    disabled_reason: reason,
    forced_down: { type: 'boolean' },
  },
  additionalProperties: false,
  minProperties: 1,
};
