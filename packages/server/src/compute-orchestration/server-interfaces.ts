/**
 * os-interface on the API side (Nova's compute API `attach_interface` /
 * `detach_interface` plus the Neutron calls it makes): the port comes from
 * the fake network (an unbound port, or a new one on the requested
 * network), the instance's host plugs it through its virt driver (an RPC
 * call), and the port is then written into the instance's network info.
 */
import type { Instance, RequestContext } from '@novats/core';
import { InvalidInput, PortNotFound } from '@novats/core';
import {
  type FakeNetwork,
  type FakePort,
  fakeNetworkFor,
  PRIVATE_NETWORK_ID,
  portAddress,
  portIdOf,
  portsOfInstance,
} from '../network/fake-network.js';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { startAction } from './server-action-start.js';
import { getServer } from './server-query.js';

export interface InterfacePort extends FakePort {
  readonly tag: string | null;
}

export interface AttachInterfaceRequest {
  readonly net_id?: string;
  readonly port_id?: string;
  readonly fixed_ip?: string;
  readonly tag?: string;
}

export function networkOf(deps: ComputeApiDeps): FakeNetwork {
  return deps.network ?? fakeNetworkFor(deps.api);
}

function withTags(instance: Instance): InterfacePort[] {
  return portsOfInstance(instance).map((p) => ({
    ...p,
    tag: instance.addresses.find((a) => portIdOf(a, instance.uuid) === p.id)?.tag ?? null,
  }));
}

/** The server's interfaces (its ports). */
export async function listInterfaces(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
): Promise<InterfacePort[]> {
  return withTags((await getServer(deps, ctx, uuid)).instance);
}

/** One interface of the server; 404 when the server has no such port. */
export async function showInterface(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  portId: string,
): Promise<InterfacePort> {
  const port = (await listInterfaces(deps, ctx, uuid)).find((p) => p.id === portId);
  // NOTE(nova): a port of another device and an unknown port answer alike (the port's device_id differs).
  if (!port) throw new PortNotFound(portId);
  return port;
}

export async function attachInterface(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  req: AttachInterfaceRequest,
): Promise<InterfacePort> {
  if (req.fixed_ip !== undefined && req.net_id === undefined) {
    throw new InvalidInput('Must input network_id when request IP address');
  }
  if (req.net_id !== undefined && req.port_id !== undefined) {
    throw new InvalidInput('Must not input both network_id and port_id');
  }
  const network = networkOf(deps);
  const found = await getServer(deps, ctx, uuid);
  // NOTE(nova): Neutron's answers (no such port/network, port in use) come before the action starts here.
  if (req.port_id !== undefined) {
    if (portsOfInstance(found.instance).some((p) => p.id === req.port_id)) {
      throw new InvalidInput(`Port ${req.port_id} is already attached to instance ${uuid}.`);
    }
    network.showPort(req.port_id);
  } else {
    network.network(req.net_id ?? PRIVATE_NETWORK_ID);
  }
  const started = await startAction(deps, ctx, uuid, 'attachInterface', { found });
  if (req.fixed_ip !== undefined) {
    network.checkFixedIp(req.fixed_ip, await started.cell.instances.list({ project_id: null }));
  }
  const port = network.bind(
    req.port_id ?? network.createPort({ network_id: req.net_id, fixed_ip: req.fixed_ip }).id,
    uuid,
  );
  if (started.host) {
    try {
      await deps.compute.call(ctx, started.host, 'attach_interface', {
        instance: started.instance,
        vif: {
          port_id: port.id,
          mac_address: port.mac_address,
          network_id: port.network_id,
          fixed_ips: port.fixed_ips.map((f) => f.ip_address),
        },
        address: portAddress(port, req.tag ?? null),
      });
    } catch (err) {
      network.release(port);
      throw err;
    }
  }
  const current = (await started.cell.instances.get(uuid)) ?? started.instance;
  const updated = await started.cell.instances.update(uuid, {
    addresses: [...current.addresses, portAddress(port, req.tag ?? null)],
  });
  await deps.instanceUpdates?.saved(ctx, current, updated);
  return { ...port, tag: req.tag ?? null };
}

export async function detachInterface(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  portId: string,
): Promise<void> {
  const found = await getServer(deps, ctx, uuid);
  const port = portsOfInstance(found.instance).find((p) => p.id === portId);
  if (!port) throw new PortNotFound(portId);
  const started = await startAction(deps, ctx, uuid, 'detachInterface', { found });
  if (started.host) {
    await deps.compute.call(ctx, started.host, 'detach_interface', {
      instance: started.instance,
      port_id: portId,
    });
  }
  const current = (await started.cell.instances.get(uuid)) ?? started.instance;
  const updated = await started.cell.instances.update(uuid, {
    addresses: current.addresses.filter((a) => portIdOf(a, uuid) !== portId),
  });
  await deps.instanceUpdates?.saved(ctx, current, updated);
  networkOf(deps).release({ ...port, device_id: null });
}
