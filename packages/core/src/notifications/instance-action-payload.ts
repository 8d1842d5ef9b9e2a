/**
 * The payloads of Nova's versioned instance notifications
 * (`nova/notifications/objects/instance.py`), as the ovo envelope they
 * travel in: `{nova_object.name, nova_object.namespace, nova_object.version,
 * nova_object.data}`. Pure builders from an Instance; the caller sends them.
 */
import type { RequestContext } from '../context/request-context.js';
import type { Instance } from '../objects/instance.js';

/** One versioned object as oslo.versionedobjects serialises it. */
export interface VersionedObject<T = Record<string, unknown>> {
  readonly 'nova_object.name': string;
  readonly 'nova_object.namespace': 'nova';
  readonly 'nova_object.version': string;
  readonly 'nova_object.data': T;
}

export function versionedObject<T>(name: string, version: string, data: T): VersionedObject<T> {
  return {
    'nova_object.name': name,
    'nova_object.namespace': 'nova',
    'nova_object.version': version,
    'nova_object.data': data,
  };
}

/** Nova's InstancePowerStateField: the power_state integer as its name. */
const POWER_STATE_NAMES: Readonly<Record<number, string>> = {
  0: 'pending',
  1: 'running',
  3: 'paused',
  4: 'shutdown',
  6: 'crashed',
  7: 'suspended',
};

/** ovo's DateTimeField on the wire: ISO 8601 to the second, `Z`. */
export function ovoDateTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** ExceptionPayload 1.1: the fault of an `.error` notification. */
export function exceptionPayload(error: unknown): VersionedObject {
  const err = error instanceof Error ? error : new Error(String(error));
  const frame = /at (?:async )?([\w.$<>]+)/.exec(err.stack ?? '')?.[1] ?? '';
  return versionedObject('ExceptionPayload', '1.1', {
    module_name: 'novats.compute.manager',
    function_name: frame,
    exception: err.name === 'Error' ? err.constructor.name : err.name,
    exception_message: err.message,
    traceback: err.stack ?? err.message,
  });
}

function flavorPayload(instance: Instance): VersionedObject {
  const f = instance.flavor;
  return versionedObject('FlavorPayload', '1.4', {
    flavorid: f.flavorid,
    memory_mb: f.memory_mb,
    vcpus: f.vcpus,
    root_gb: f.root_gb,
    ephemeral_gb: f.ephemeral_gb,
    name: f.name,
    swap: f.swap,
    rxtx_factor: f.rxtx_factor,
    vcpu_weight: f.vcpu_weight,
    disabled: f.disabled,
    is_public: f.is_public,
    extra_specs: (f as { extra_specs?: Record<string, string> }).extra_specs ?? {},
    // NOTE(nova): the projects of a flavor are not loaded for an instance's flavor.
    projects: null,
    description: f.description,
  });
}

function ipPayloads(instance: Instance): VersionedObject[] {
  return instance.addresses.map((a) =>
    versionedObject('IpPayload', '1.0', {
      label: a.network,
      mac: a.mac_addr,
      meta: {},
      port_uuid: a.port_id ?? null,
      version: a.version,
      address: a.addr,
      device_name: null,
    }),
  );
}

/** The fields of InstancePayload 1.8 shared by every instance notification. */
export function instanceFields(ctx: RequestContext, instance: Instance): Record<string, unknown> {
  return {
    uuid: instance.uuid,
    user_id: instance.user_id,
    tenant_id: instance.project_id,
    reservation_id: instance.reservation_id,
    display_name: instance.display_name,
    display_description: instance.display_description,
    host_name: instance.hostname,
    host: instance.host,
    node: instance.node,
    os_type: null,
    architecture: null,
    availability_zone: instance.availability_zone,
    flavor: flavorPayload(instance),
    image_uuid: instance.image_ref,
    key_name: instance.key_name,
    kernel_id: '',
    ramdisk_id: '',
    created_at: ovoDateTime(instance.created_at),
    launched_at: ovoDateTime(instance.launched_at),
    terminated_at: ovoDateTime(instance.terminated_at),
    deleted_at: ovoDateTime(instance.deleted_at),
    updated_at: ovoDateTime(instance.updated_at),
    state: instance.vm_state,
    power_state: POWER_STATE_NAMES[instance.power_state] ?? 'pending',
    task_state: instance.task_state,
    progress: instance.progress,
    ip_addresses: ipPayloads(instance),
    // NOTE(nova): null unless `[notifications] bdms_in_notifications`, which Novats does not offer.
    block_devices: null,
    metadata: { ...instance.metadata },
    locked: instance.locked,
    auto_disk_config: 'MANUAL',
    request_id: ctx.request_id,
    action_initiator_user: ctx.user_id,
    action_initiator_project: ctx.project_id,
    locked_reason: instance.locked_reason ?? null,
  };
}

/**
 * A subclass of InstanceActionPayload some actions send instead, with the
 * fields it adds (rescue's image, a snapshot's image id).
 */
export interface ActionPayloadVariant {
  readonly name: string;
  readonly version: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** InstanceActionVolumePayload 1.6 of `instance.volume_attach.*` and `instance.volume_detach.*`. */
export function volumePayloadVariant(volumeId: string): ActionPayloadVariant {
  return { name: 'InstanceActionVolumePayload', version: '1.6', fields: { volume_id: volumeId } };
}

/** InstanceActionRescuePayload 1.3 of `instance.rescue.*`. */
export function rescuePayloadVariant(rescueImageRef: string | null): ActionPayloadVariant {
  return {
    name: 'InstanceActionRescuePayload',
    version: '1.3',
    fields: { rescue_image_ref: rescueImageRef },
  };
}

/** InstanceActionRebuildPayload 1.9 of `instance.rebuild.*`. */
export function rebuildPayloadVariant(): ActionPayloadVariant {
  return {
    name: 'InstanceActionRebuildPayload',
    version: '1.9',
    fields: { trusted_image_certificates: null },
  };
}

/** InstanceActionSnapshotPayload 1.9 of `instance.snapshot.*`. */
export function snapshotPayloadVariant(snapshotImageId: string): ActionPayloadVariant {
  return {
    name: 'InstanceActionSnapshotPayload',
    version: '1.9',
    fields: { snapshot_image_id: snapshotImageId },
  };
}

/**
 * InstanceActionPayload 1.8, the payload of `instance.<action>.start/end/error`,
 * or the `variant` subclass of it.
 */
export function instanceActionPayload(
  ctx: RequestContext,
  instance: Instance,
  fault: unknown = null,
  variant?: ActionPayloadVariant,
): VersionedObject {
  return versionedObject(variant?.name ?? 'InstanceActionPayload', variant?.version ?? '1.8', {
    ...instanceFields(ctx, instance),
    fault: fault === null ? null : exceptionPayload(fault),
    ...variant?.fields,
  });
}

/** InstanceCreatePayload 1.12: the payload of `instance.create.start/end/error`. */
export function instanceCreatePayload(
  ctx: RequestContext,
  instance: Instance,
  fault: unknown = null,
): VersionedObject {
  return versionedObject('InstanceCreatePayload', '1.12', {
    ...instanceFields(ctx, instance),
    fault: fault === null ? null : exceptionPayload(fault),
    // NOTE(novats): the instance row does not carry its keypair; the key_name field names it.
    keypairs: [],
    tags: [...(instance.tags ?? [])],
    trusted_image_certificates: null,
    instance_name: `instance-${instance.uuid.slice(0, 8)}`,
  });
}
