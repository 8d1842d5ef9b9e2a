/**
 * The host side of os-interface and os-volume_attachments (Nova's
 * `attach_interface`, `detach_interface`, `attach_volume`, `detach_volume`,
 * `swap_volume`): the virt driver plugs or unplugs the device, recorded as
 * the action's event. The API calls these and waits, then writes the
 * instance's network info or block device mappings, since the fake network
 * and volume services it keeps are the API's.
 */
import type { Instance, RequestContext, VirtualInterface, VolumeConnection } from '@novats/core';
import { type ActionRunnerDeps, withActionEvent } from './instance-action-runner.js';

export interface AttachInterfaceArgs {
  readonly instance: Instance;
  readonly vif: VirtualInterface;
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
      withActionEvent(deps, ctx, a.instance.uuid, 'compute_attach_interface', () =>
        deps.driver.attachInterface(a.instance, a.vif),
      ),
    detach_interface: (ctx, a: DetachInterfaceArgs) =>
      withActionEvent(deps, ctx, a.instance.uuid, 'compute_detach_interface', () =>
        deps.driver.detachInterface(a.instance, a.port_id),
      ),
    attach_volume: (ctx, a: AttachVolumeArgs) =>
      withActionEvent(deps, ctx, a.instance.uuid, 'compute_attach_volume', () =>
        deps.driver.attachVolume(a.instance, a.connection, a.mountpoint),
      ),
    detach_volume: (ctx, a: DetachVolumeArgs) =>
      withActionEvent(deps, ctx, a.instance.uuid, 'compute_detach_volume', () =>
        deps.driver.detachVolume(a.instance, a.volume_id),
      ),
    swap_volume: (ctx, a: SwapVolumeArgs) =>
      withActionEvent(deps, ctx, a.instance.uuid, 'compute_swap_volume', async () => {
        await deps.driver.detachVolume(a.instance, a.old_volume_id);
        await deps.driver.attachVolume(a.instance, a.connection, a.mountpoint);
      }),
  };
}
