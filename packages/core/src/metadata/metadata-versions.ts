/**
 * The versions the metadata service answers for (`nova/api/metadata/base.py`):
 * EC2's dated versions and OpenStack's, oldest first, and the checks of
 * "this item exists from version X on" that every tree uses.
 */

export const EC2_VERSIONS = [
  '1.0',
  '2007-01-19',
  '2007-03-01',
  '2007-08-29',
  '2007-10-10',
  '2007-12-15',
  '2008-02-01',
  '2008-09-01',
  '2009-04-04',
] as const;

export const OS_FOLSOM = '2012-08-10';
export const OS_GRIZZLY = '2013-04-04';
export const OS_HAVANA = '2013-10-17';
export const OS_LIBERTY = '2015-10-15';
export const OS_NEWTON_ONE = '2016-06-30';
export const OS_NEWTON_TWO = '2016-10-06';
export const OS_OCATA = '2017-02-22';
export const OS_ROCKY = '2018-08-27';
export const OS_VICTORIA = '2020-10-14';

export const OPENSTACK_VERSIONS = [
  OS_FOLSOM,
  OS_GRIZZLY,
  OS_HAVANA,
  OS_LIBERTY,
  OS_NEWTON_ONE,
  OS_NEWTON_TWO,
  OS_OCATA,
  OS_ROCKY,
  OS_VICTORIA,
] as const;

export const LATEST = 'latest';

/** `[DEFAULT] config_drive_skip_versions`' default: EC2 versions left off a config drive. */
export const DEFAULT_CONFIG_DRIVE_SKIP_VERSIONS = [
  '1.0',
  '2007-01-19',
  '2007-03-01',
  '2007-08-29',
  '2007-10-10',
  '2007-12-15',
  '2008-02-01',
  '2008-09-01',
];

/** The dated OpenStack version `latest` or `version` stands for; null when unknown. */
export function openStackVersion(version: string): string | null {
  if (version === LATEST) return OPENSTACK_VERSIONS.at(-1)!;
  return (OPENSTACK_VERSIONS as readonly string[]).includes(version) ? version : null;
}

/** The dated EC2 version `latest` or `version` stands for; null when unknown. */
export function ec2Version(version: string): string | null {
  if (version === LATEST) return EC2_VERSIONS.at(-1)!;
  return (EC2_VERSIONS as readonly string[]).includes(version) ? version : null;
}

/** Whether `requested` (a dated version) is `required` or newer; dates in one list sort as strings. */
export function versionAtLeast(requested: string, required: string): boolean {
  // NOTE(ec2): '1.0' sorts before every date, as it is older than all of them.
  return requested >= required;
}

/** OpenStack versions to list under /openstack: those not dated after `today` (YYYY-MM-DD), then latest. */
export function listedOpenStackVersions(today: string): string[] {
  return [...OPENSTACK_VERSIONS.filter((v) => v <= today), LATEST];
}
