/**
 * Request bodies of the server actions (Nova's `schemas/*.py` for each
 * action), by microversion where they change. Actions whose body Nova does
 * not validate (os-start, pause, ...) have no schema here.
 */
import type { ApiVersion } from '../api-version.js';
import { perVersion } from '../route-table.js';

/** `{"<key>": <inner>}` with nothing else. */
function wrap(key: string, inner: object): object {
  return { type: 'object', properties: { [key]: inner }, required: [key], additionalProperties: false };
}

const UUID = {
  type: 'string',
  pattern: '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$',
};
const NAME = { type: 'string', minLength: 1, maxLength: 255, pattern: '^(?! )[^\\x00-\\x1f]*(?<! )$' };
const PASSWORD = { type: 'string' };
const HOST = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' };
const METADATA = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};
const BOOL_LIKE = {
  anyOf: [
    { type: 'boolean' },
    { type: 'string', enum: ['True', 'False', 'true', 'false', '1', '0', 'yes', 'no', 'on', 'off'] },
  ],
};

/** Nova accepts three spellings of each type and upper-cases them. */
export const rebootSchema = wrap('reboot', {
  type: 'object',
  properties: { type: { type: 'string', enum: ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'] } },
  required: ['type'],
  additionalProperties: false,
});

export const lockV273Schema = wrap('lock', {
  type: ['object', 'null'],
  properties: { locked_reason: { type: 'string', minLength: 1, maxLength: 255 } },
  additionalProperties: false,
});

export const rescueSchema = wrap('rescue', {
  type: ['object', 'null'],
  properties: { adminPass: PASSWORD, rescue_image_ref: UUID },
  additionalProperties: false,
});

export const changePasswordSchema = wrap('changePassword', {
  type: 'object',
  properties: { adminPass: PASSWORD },
  required: ['adminPass'],
  additionalProperties: false,
});

export const resetStateSchema = wrap('os-resetState', {
  type: 'object',
  properties: { state: { type: 'string', enum: ['active', 'error'] } },
  required: ['state'],
  additionalProperties: false,
});

export const consoleOutputSchema = wrap('os-getConsoleOutput', {
  type: 'object',
  properties: {
    length: {
      anyOf: [{ type: 'integer', minimum: -1 }, { type: 'string', pattern: '^-?[0-9]+$' }, { type: 'null' }],
    },
  },
  additionalProperties: false,
});

export const securityGroupSchema = (key: string) =>
  wrap(key, {
    type: 'object',
    properties: { name: { type: 'string', minLength: 1, maxLength: 255 } },
    required: ['name'],
    additionalProperties: false,
  });

export const resizeSchema = wrap('resize', {
  type: 'object',
  properties: {
    flavorRef: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'integer', minimum: 1 },
      ],
    },
    'OS-DCF:diskConfig': { type: 'string', enum: ['AUTO', 'MANUAL'] },
  },
  required: ['flavorRef'],
  additionalProperties: false,
});

export const migrateSchema = perVersion((v: ApiVersion) =>
  v.atLeast(2, 56)
    ? wrap('migrate', {
        type: ['object', 'null'],
        properties: { host: { anyOf: [HOST, { type: 'null' }] } },
        additionalProperties: false,
      })
    : undefined,
);

export const liveMigrateSchema = perVersion((v: ApiVersion) => {
  const properties: Record<string, unknown> = {
    host: { anyOf: [HOST, { type: 'null' }] },
    block_migration: v.atLeast(2, 25)
      ? { anyOf: [BOOL_LIKE, { type: 'string', enum: ['auto'] }] }
      : BOOL_LIKE,
  };
  if (!v.atLeast(2, 25)) properties.disk_over_commit = BOOL_LIKE;
  if (v.atLeast(2, 30) && !v.atLeast(2, 68)) properties.force = BOOL_LIKE;
  const required = v.atLeast(2, 25)
    ? ['block_migration', 'host']
    : ['block_migration', 'disk_over_commit', 'host'];
  return wrap('os-migrateLive', { type: 'object', properties, required, additionalProperties: false });
});

export const evacuateSchema = perVersion((v: ApiVersion) => {
  const properties: Record<string, unknown> = { host: HOST, adminPass: PASSWORD };
  if (!v.atLeast(2, 14)) properties.onSharedStorage = BOOL_LIKE;
  if (v.atLeast(2, 29) && !v.atLeast(2, 68)) properties.force = BOOL_LIKE;
  return wrap('evacuate', {
    type: 'object',
    properties,
    ...(v.atLeast(2, 14) ? {} : { required: ['onSharedStorage'] }),
    additionalProperties: false,
  });
});

export const unshelveSchema = perVersion((v: ApiVersion) => {
  if (v.atLeast(2, 91)) {
    return wrap('unshelve', {
      type: ['object', 'null'],
      properties: { availability_zone: { anyOf: [{ type: 'string' }, { type: 'null' }] }, host: HOST },
      additionalProperties: false,
    });
  }
  if (v.atLeast(2, 77)) {
    return wrap('unshelve', {
      type: ['object', 'null'],
      properties: { availability_zone: { type: 'string' } },
      required: ['availability_zone'],
      additionalProperties: false,
    });
  }
  return undefined;
});

export const rebuildSchema = perVersion((v: ApiVersion) => {
  const properties: Record<string, unknown> = {
    imageRef: { type: 'string', minLength: 1 },
    name: NAME,
    adminPass: PASSWORD,
    metadata: METADATA,
    preserve_ephemeral: { type: 'boolean' },
    'OS-DCF:diskConfig': { type: 'string', enum: ['AUTO', 'MANUAL'] },
    accessIPv4: { type: 'string' },
    accessIPv6: { type: 'string' },
  };
  if (!v.atLeast(2, 57)) properties.personality = { type: 'array' };
  if (v.atLeast(2, 19))
    properties.description = { anyOf: [{ type: 'string', maxLength: 255 }, { type: 'null' }] };
  if (v.atLeast(2, 54)) properties.key_name = { anyOf: [{ type: 'string' }, { type: 'null' }] };
  if (v.atLeast(2, 57)) properties.user_data = { anyOf: [{ type: 'string' }, { type: 'null' }] };
  if (v.atLeast(2, 63))
    properties.trusted_image_certificates = { anyOf: [{ type: 'array' }, { type: 'null' }] };
  if (v.atLeast(2, 90)) properties.hostname = { type: 'string', minLength: 1, maxLength: 255 };
  return wrap('rebuild', { type: 'object', properties, required: ['imageRef'], additionalProperties: false });
});

/** createImage (Nova's `create_image`): a name and optional image properties. */
export const createImageSchema = wrap('createImage', {
  type: 'object',
  properties: { name: NAME, metadata: METADATA },
  required: ['name'],
  additionalProperties: false,
});

/** createBackup (Nova's `create_backup`): rotation is a non-negative integer, or a string of digits. */
export const createBackupSchema = wrap('createBackup', {
  type: 'object',
  properties: {
    name: NAME,
    backup_type: { type: 'string' },
    rotation: { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 0, minLength: 1 },
    metadata: METADATA,
  },
  required: ['name', 'backup_type', 'rotation'],
  additionalProperties: false,
});
