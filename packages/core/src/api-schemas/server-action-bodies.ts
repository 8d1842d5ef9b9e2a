/**
 * Request bodies of the server actions whose schema does not change with
 * the microversion (Nova's `schemas/*.py` for each action): reboot, rescue,
 * resize, changePassword, os-resetState, os-getConsoleOutput, the security
 * group actions, createImage and createBackup. Actions Nova does not validate (os-start,
 * pause, ...) have no schema.
 */
import {
  ADMIN_PASSWORD,
  closed,
  closedOrNull,
  DISK_CONFIG,
  METADATA,
  NAME,
  UUID,
  wrapped,
} from './parameter-types.js';

/** Nova accepts three spellings of each type and upper-cases them. */
export const REBOOT = wrapped(
  'reboot',
  closed(
    { type: { type: 'string', enum: ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'] } } as const,
    ['type'] as const,
  ),
);

export const RESCUE = wrapped(
  'rescue',
  closedOrNull({ adminPass: ADMIN_PASSWORD, rescue_image_ref: UUID } as const),
);

export const CHANGE_PASSWORD = wrapped(
  'changePassword',
  closed({ adminPass: ADMIN_PASSWORD } as const, ['adminPass'] as const),
);

export const RESET_STATE = wrapped(
  'os-resetState',
  closed({ state: { type: 'string', enum: ['active', 'error'] } } as const, ['state'] as const),
);

export const CONSOLE_OUTPUT = wrapped(
  'os-getConsoleOutput',
  closed({
    length: {
      anyOf: [{ type: 'integer', minimum: -1 }, { type: 'string', pattern: '^-?[0-9]+$' }, { type: 'null' }],
    },
  } as const),
);

const securityGroup = <K extends string>(key: K) =>
  wrapped(
    key,
    closed({ name: { type: 'string', minLength: 1, maxLength: 255 } } as const, ['name'] as const),
  );

export const ADD_SECURITY_GROUP = securityGroup('addSecurityGroup');
export const REMOVE_SECURITY_GROUP = securityGroup('removeSecurityGroup');

export const RESIZE = wrapped(
  'resize',
  closed(
    {
      flavorRef: {
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'integer', minimum: 1 },
        ],
      },
      'OS-DCF:diskConfig': DISK_CONFIG,
    } as const,
    ['flavorRef'] as const,
  ),
);

/** Snapshot a server into an image (Nova's `servers.py` create_image). */
export const CREATE_IMAGE = wrapped(
  'createImage',
  closed({ name: NAME, metadata: METADATA } as const, ['name'] as const),
);

/** Back a server up into an image, keeping `rotation` backups of its type (Nova's `create_backup`). */
export const CREATE_BACKUP = wrapped(
  'createBackup',
  closed(
    {
      name: NAME,
      backup_type: { type: 'string' },
      // NOTE(nova): a non-negative integer, or a string of digits.
      rotation: { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 0, minLength: 1 },
      metadata: METADATA,
    } as const,
    ['name', 'backup_type', 'rotation'] as const,
  ),
);
