/**
 * The launch dialog's rules, checked before anything is sent (nova-api checks
 * them again): a name Nova accepts, a flavor and an image, a count of at least
 * one that fits the project's remaining instance, vCPU and RAM quota.
 */

export interface LaunchForm {
  readonly name: string;
  readonly flavorRef: string;
  readonly imageRef: string;
  readonly keyName: string;
  readonly group: string;
  readonly availabilityZone: string;
  readonly count: string;
}

export interface FlavorSize {
  readonly id: string;
  readonly vcpus: number;
  readonly ram: number;
}

/** What is left of the project's quota (null: unlimited or unknown). */
export interface Headroom {
  readonly instances: number | null;
  readonly cores: number | null;
  readonly ram: number | null;
}

/** Field name to message; empty when the form may be sent. */
export function validateLaunch(
  form: LaunchForm,
  flavors: readonly FlavorSize[],
  headroom: Headroom,
): Record<string, string> {
  const errors: Record<string, string> = {};
  // Nova's parameter_types.name: 1-255 characters, no leading or trailing whitespace.
  if (!form.name) errors.name = 'A name is required.';
  else if (form.name.length > 255) errors.name = 'At most 255 characters.';
  else if (form.name.trim() !== form.name) errors.name = 'No leading or trailing spaces.';
  if (!form.imageRef) errors.imageRef = 'Choose an image.';
  const flavor = flavors.find((f) => f.id === form.flavorRef);
  if (!flavor) errors.flavorRef = 'Choose a flavor.';
  const count = Number(form.count);
  if (!/^\d+$/.test(form.count) || count < 1) errors.count = 'A whole number, at least 1.';
  else if (headroom.instances !== null && count > headroom.instances)
    errors.count = `The quota allows ${headroom.instances} more instance(s).`;
  else if (flavor && headroom.cores !== null && count * flavor.vcpus > headroom.cores)
    errors.count = `${count * flavor.vcpus} vCPUs needed, ${headroom.cores} left in the quota.`;
  else if (flavor && headroom.ram !== null && count * flavor.ram > headroom.ram)
    errors.count = `${count * flavor.ram} MiB of RAM needed, ${headroom.ram} MiB left in the quota.`;
  return errors;
}

/** The POST /servers body (with `os:scheduler_hints` for a server group). */
export function launchBody(form: LaunchForm): Record<string, unknown> {
  const count = Number(form.count);
  return {
    server: {
      name: form.name,
      flavorRef: form.flavorRef,
      imageRef: form.imageRef,
      networks: 'none',
      min_count: count,
      max_count: count,
      ...(form.keyName ? { key_name: form.keyName } : {}),
      ...(form.availabilityZone ? { availability_zone: form.availabilityZone } : {}),
    },
    ...(form.group ? { 'os:scheduler_hints': { group: form.group } } : {}),
  };
}

/** Headroom from GET /limits' `absolute` (-1 is unlimited). */
export function headroomOf(absolute: Record<string, number> | null): Headroom {
  const left = (max: string, used: string) => {
    if (!absolute || absolute[max] === undefined || absolute[max] < 0) return null;
    return Math.max(0, absolute[max] - (absolute[used] ?? 0));
  };
  return {
    instances: left('maxTotalInstances', 'totalInstancesUsed'),
    cores: left('maxTotalCores', 'totalCoresUsed'),
    ram: left('maxTotalRAMSize', 'totalRAMUsed'),
  };
}
