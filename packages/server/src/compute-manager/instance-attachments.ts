/**
 * The host side of os-interface and os-volume_attachments (Nova's
 * `attach_interface`, `detach_interface`, `attach_volume`, `detach_volume`,
 * `swap_volume`): the virt driver plugs or unplugs the device, recorded as
 * the action's event. The API calls these and waits, then writes the
 * instance's network info or block device mappings, since the fake network
 * and volume services it keeps are the API's.
 */
import type {
  ActionPayloadVariant,
  Instance,
  InstanceAddress,
  RequestContext,
  VirtualInterface,
  VolumeConnection,
} from '@novats/core';
import { instanceActionPayload, volumePayloadVariant } from '@novats/core';
import { portIdOf } from '../network/fake-network.js';
import { type ActionRunnerDeps, notifyInstanceAction, withActionEvent } from './instance-action-runner.js';

/**
 * Runs `work` as the action's event between `instance.<name>.start` and
 * `.end` (`.error` when it fails), as Nova's manager notifies
 * interface_attach/detach and volume_attach/detach.
 */
async function notified(
  deps: ActionRunnerDeps,
  ctx: RequestContext,
  instance: Instance,
  event: string,
  name: string,
  variant: ActionPayloadVariant | undefined,
  work: () => Promise<void>,
  /** The instance as `.end` shows it (with the port plugged or unplugged, as Nova's network info). */
  after: Instance = instance,
): Promise<void> {
  const payload = (c: RequestContext, i: Instance, fault: unknown) =>
    instanceActionPayload(c, i, fault, variant);
  // NOTE(nova): these events are versioned only; Nova sends no legacy compute.instance.* for them.
  const versioned = { ...deps, legacyNotifier: undefined };
  await notifyInstanceAction(versioned, ctx, instance, name, 'start', null, payload);
  try {
    await withActionEvent(deps, ctx, instance.uuid, event, work);
  } catch (err) {
    await notifyInstanceAction(versioned, ctx, instance, name, 'error', err, payload);
    throw err;
  }
  await notifyInstanceAction(versioned, ctx, after, name, 'end', null, payload);
}

export interface AttachInterfaceArgs {
  readonly instance: Instance;
  readonly vif: VirtualInterface;
  /** The address the port gives the instance (its network info entry); absent from older callers. */
  readonly address?: InstanceAddress;
}
export interface DetachInterfaceArgs {
  readonly instance: Instance;
  readonly port_id: string;
}
export interface AttachVolumeArgs {
  readonly instance: Instance;
  readonly connection: VolumeConnection;
  readonly mountpoint: string;
}
export interface DetachVolumeArgs {
  readonly instance: Instance;
  readonly volume_id: string;
}
export interface SwapVolumeArgs {
  readonly instance: Instance;
  readonly old_volume_id: string;
  readonly connection: VolumeConnection;
  readonly mountpoint: string;
}

/** The RPC methods, by Nova's names, each run under the instance's lock by the manager. */
export function attachmentEndpoint(
  deps: ActionRunnerDeps,
): Record<string, (ctx: RequestContext, args: any) => Promise<void>> {
  return {
    attach_interface: (ctx, a: AttachInterfaceArgs) =>
      notified(
        deps,
        ctx,
        a.instance,
        'compute_attach_interface',
        'interface_attach',
        undefined,
        () => deps.driver.attachInterface(a.instance, a.vif),
        a.address ? { ...a.instance, addresses: [...a.instance.addresses, a.address] } : a.instance,
      ),
    detach_interface: (ctx, a: DetachInterfaceArgs) =>
      notified(
        deps,
        ctx,
        a.instance,
        'compute_detach_interface',
        'interface_detach',
        undefined,
        () => deps.driver.detachInterface(a.instance, a.port_id),
        {
          ...a.instance,
          addresses: a.instance.addresses.filter((ad) => portIdOf(ad, a.instance.uuid) !== a.port_id),
        },
      ),
    attach_volume: (ctx, a: AttachVolumeArgs) =>
      notified(
        deps,
        ctx,
        a.instance,
        'compute_attach_volume',
        'volume_attach',
        volumePayloadVariant(a.connection.volume_id),
        () => deps.driver.attachVolume(a.instance, a.connection, a.mountpoint),
      ),
    detach_volume: (ctx, a: DetachVolumeArgs) =>
      notified(
        deps,
        ctx,
        a.instance,
        'compute_detach_volume',
        'volume_detach',
        volumePayloadVariant(a.volume_id),
        () => deps.driver.detachVolume(a.instance, a.volume_id),
      ),
    swap_volume: (ctx, a: SwapVolumeArgs) =>
      withActionEvent(deps, ctx, a.instance.uuid, 'compute_swap_volume', async () => {
        await deps.driver.detachVolume(a.instance, a.old_volume_id);
        await deps.driver.attachVolume(a.instance, a.connection, a.mountpoint);
      }),
  };
}
