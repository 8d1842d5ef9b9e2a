/**
 * `[quota]` of nova.conf (Nova's `nova/conf/quota.py`, Zed): the default
 * limit of each resource, the driver and `recheck_quota`. The old
 * `[DEFAULT] quota_*` names still work, with a warning.
 */
import { Opt } from './option-types.js';

const limit = (value: number, help: string, name: string) =>
  Opt.int(value, help, { min: -1, deprecatedNames: [{ group: 'DEFAULT', name: `quota_${name}` }] });

export const QUOTA_OPTION_GROUPS = {
  quota: {
    instances: limit(10, 'The number of instances allowed per project.', 'instances'),
    cores: limit(20, 'The number of instance cores or vCPUs allowed per project.', 'cores'),
    ram: limit(50 * 1024, 'The number of megabytes of instance RAM allowed per project.', 'ram'),
    metadata_items: limit(128, 'The number of metadata items allowed per instance.', 'metadata_items'),
    injected_files: limit(5, 'The number of injected files allowed.', 'injected_files'),
    injected_file_content_bytes: limit(
      10 * 1024,
      'The number of bytes allowed per injected file.',
      'injected_file_content_bytes',
    ),
    injected_file_path_length: limit(
      255,
      'The maximum allowed injected file path length.',
      'injected_file_path_length',
    ),
    key_pairs: limit(100, 'The maximum number of key pairs allowed per user.', 'key_pairs'),
    server_groups: limit(10, 'The maximum number of server groups per project.', 'server_groups'),
    server_group_members: limit(
      10,
      'The maximum number of servers per server group.',
      'server_group_members',
    ),
    driver: Opt.str('nova.quota.DbQuotaDriver', 'Provides abstraction for quota checks.', {
      choices: ['nova.quota.DbQuotaDriver', 'nova.quota.NoopQuotaDriver'],
    }),
    recheck_quota: Opt.bool(
      true,
      'Recheck quota after resource creation to prevent allowing quota to be exceeded (Novats: serialize the check and the creation per project).',
    ),
    count_usage_from_placement: Opt.bool(
      false,
      'Count quota usage from placement (Novats counts instances, cores and ram from the databases either way).',
    ),
  },
};
