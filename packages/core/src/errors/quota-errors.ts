/**
 * Over-quota answers (Nova's OverQuota family). The API answers each with 403
 * and its message; callers tell them apart by `code`, never by message.
 */
import { NotFound } from './common-errors.js';
import { OverQuota } from './compute-errors.js';

/** Nova's TooManyInstances: instances, cores or ram of a create or resize do not fit. */
export class TooManyInstances extends OverQuota {
  override readonly code = 'compute.quota.too_many_instances';
  constructor(
    overs: readonly string[],
    readonly requested: string,
    readonly used: string,
    readonly allowed: string,
  ) {
    const names = overs.join(', ');
    super(
      `Quota exceeded for ${names}: Requested ${requested}, but already used ${used} of ${allowed} ${names}`,
      overs,
    );
  }
}

/** Nova's MetadataLimitExceeded. */
export class MetadataLimitExceeded extends OverQuota {
  override readonly code = 'compute.quota.metadata_items';
  constructor(readonly allowedItems: number) {
    super(`Maximum number of metadata items exceeds ${allowedItems}`, ['metadata_items']);
  }
}

/** Nova's OnsetFileLimitExceeded and its path and content variants (personality files). */
export class OnsetFileLimitExceeded extends OverQuota {
  override readonly code: string = 'compute.quota.injected_files';
  constructor(message = 'Personality file limit exceeded', overs: readonly string[] = ['injected_files']) {
    super(message, overs);
  }
}

export class OnsetFilePathLimitExceeded extends OnsetFileLimitExceeded {
  override readonly code = 'compute.quota.injected_file_path_bytes';
  constructor(allowed: number) {
    super(`Personality file path exceeds maximum ${allowed}`, ['injected_file_path_bytes']);
  }
}

export class OnsetFileContentLimitExceeded extends OnsetFileLimitExceeded {
  override readonly code = 'compute.quota.injected_file_content_bytes';
  constructor(allowed: number) {
    super(`Personality file content exceeds maximum ${allowed}`, ['injected_file_content_bytes']);
  }
}

/** Nova's KeypairLimitExceeded (per user). */
export class KeypairLimitExceeded extends OverQuota {
  override readonly code = 'compute.quota.key_pairs';
  constructor() {
    super('Quota exceeded, too many key pairs.', ['key_pairs']);
  }
}

/** The server_groups quota of os-server-groups create. */
export class ServerGroupLimitExceeded extends OverQuota {
  override readonly code = 'compute.quota.server_groups';
  constructor() {
    super('Quota exceeded, too many server groups.', ['server_groups']);
  }
}

/** The server_group_members quota of a create with the `group` hint. */
export class GroupMemberLimitExceeded extends OverQuota {
  override readonly code = 'compute.quota.server_group_members';
  constructor() {
    super('Quota exceeded, too many servers in group', ['server_group_members']);
  }
}

/** Nova's InstanceGroupNotFound. */
export class InstanceGroupNotFound extends NotFound {
  override readonly code = 'compute.instance_group.not_found';
  constructor(readonly groupUuid: string) {
    super(`Instance group ${groupUuid} could not be found.`);
  }
}
