/**
 * Request bodies of the server actions with a schema in Nova
 * (`schemas/servers.py` reboot, `schemas/lock_server.py` lock from 2.73).
 * os-stop, os-start, unlock and lock before 2.73 take any body value.
 */

/** Nova accepts three spellings of each type and upper-cases them. */
export const rebootSchema = {
  type: 'object',
  properties: {
    reboot: {
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'] },
      },
      required: ['type'],
      additionalProperties: false,
    },
  },
  required: ['reboot'],
  additionalProperties: false,
};

export const lockV273Schema = {
  type: 'object',
  properties: {
    lock: {
      type: ['object', 'null'],
      properties: { locked_reason: { type: 'string', minLength: 1, maxLength: 255 } },
      additionalProperties: false,
    },
  },
  required: ['lock'],
  additionalProperties: false,
};
