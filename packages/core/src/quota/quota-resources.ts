/**
 * The quota resources of Nova Zed's QuotaEngine (`nova/quota.py` QUOTAS), in
 * its order, with the `[quota]` option that gives each its default. The four
 * nova-network resources are kept only so that responses keep their keys;
 * they have no option and are always unlimited (-1).
 */

export const QUOTA_RESOURCES = [
  'instances',
  'cores',
  'ram',
  'metadata_items',
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
  'key_pairs',
  'server_groups',
  'server_group_members',
  'fixed_ips',
  'floating_ips',
  'security_groups',
  'security_group_rules',
] as const;

export type QuotaResource = (typeof QUOTA_RESOURCES)[number];

/** A limit per resource; -1 is unlimited. */
export type QuotaLimits = Readonly<Record<QuotaResource, number>>;

/** Nova's UNLIMITED_VALUE: any negative limit means no limit. */
export const UNLIMITED = -1;

/** The `[quota]` option holding each resource's default; null for the nova-network ones. */
export const QUOTA_OPTION: Readonly<Record<QuotaResource, string | null>> = {
  instances: 'instances',
  cores: 'cores',
  ram: 'ram',
  metadata_items: 'metadata_items',
  injected_files: 'injected_files',
  injected_file_content_bytes: 'injected_file_content_bytes',
  // NOTE(nova): the resource is `..._bytes`, its option `..._length`.
  injected_file_path_bytes: 'injected_file_path_length',
  key_pairs: 'key_pairs',
  server_groups: 'server_groups',
  server_group_members: 'server_group_members',
  fixed_ips: null,
  floating_ips: null,
  security_groups: null,
  security_group_rules: null,
};

/**
 * Resources counted from the database (Nova's CountableResource); the others
 * are limits on a single request (metadata items, injected files).
 */
export const COUNTABLE_RESOURCES: readonly QuotaResource[] = [
  'instances',
  'cores',
  'ram',
  'key_pairs',
  'server_groups',
  'server_group_members',
];

/** Keys os-quota-sets leaves out from 2.36 (nova-network's). */
export const FILTERED_QUOTAS_2_36: readonly QuotaResource[] = [
  'fixed_ips',
  'floating_ips',
  'security_group_rules',
  'security_groups',
];

/** Keys os-quota-sets leaves out from 2.57 (personality files went away). */
export const FILTERED_QUOTAS_2_57: readonly QuotaResource[] = [
  ...FILTERED_QUOTAS_2_36,
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
];

export function isQuotaResource(name: string): name is QuotaResource {
  return (QUOTA_RESOURCES as readonly string[]).includes(name);
}

export function isUnlimited(limit: number): boolean {
  return limit <= UNLIMITED;
}
