/**
 * The all-in-one's network when no Neutron is configured: one flat
 * "private" network (10.0.0.0/8) whose ports carry a fixed IPv4 address and
 * a MAC derived from the port id, so that every process hands out the same
 * answer for a port without coordination. A port's binding to an instance
 * is the instance's network info (its addresses); the in-memory table below
 * holds only ports created on their own (`createPort`), as a Neutron user
 * would before `os-interface` attaches them. It is a fake: nothing is routed.
 * NOTE(limits): 2^22 addresses; two port ids may collide (rare).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ApiDatabase, Instance, InstanceAddress } from '@novats/core';
import { FixedIpAlreadyInUse, NetworkNotFound, PortInUse, PortNotFound } from '@novats/core';

export const PRIVATE_NETWORK = 'private';
/** The private network's id (os-interface `net_id`, server create `networks[].uuid`). */
export const PRIVATE_NETWORK_ID = '6c8b3c1e-4a53-4c1f-9d7e-0f5a1c2b3d4e';
export const PRIVATE_SUBNET_ID = '9a1f0e6d-2b7c-4e3a-8c5d-1e2f3a4b5c6d';

/** A port of the fake network (Neutron's port, reduced). */
export interface FakePort {
  readonly id: string;
  readonly network_id: string;
  readonly mac_address: string;
  readonly fixed_ips: readonly { readonly subnet_id: string; readonly ip_address: string }[];
  /** The instance the port is bound to, or null. */
  readonly device_id: string | null;
}

function uuidFrom(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The port a boot allocates for an instance (one per instance, derived from its uuid). */
export function bootPortId(instanceUuid: string): string {
  return uuidFrom(`port:${instanceUuid}`);
}

/** The address and MAC a port id stands for. */
function addressOf(seed: string): { addr: string; mac: string } {
  const h = createHash('sha1').update(seed).digest();
  const n = h.readUInt32BE(0) >>> 10; // 22 bits
  const addr = `10.${(n >>> 14) & 0xff}.${(n >>> 6) & 0xff}.${2 + (n & 0x3f) * 4 + (h[4] & 3)}`;
  const mac = `fa:16:3e:${h[5].toString(16).padStart(2, '0')}:${h[6].toString(16).padStart(2, '0')}:${h[7].toString(16).padStart(2, '0')}`;
  return { addr, mac };
}

/** The address of an instance's boot port. */
export function allocateFixedAddress(instance: Pick<Instance, 'uuid'>): InstanceAddress {
  // NOTE(compat): seeded by the instance uuid, as before ports existed, so addresses stay stable.
  const { addr, mac } = addressOf(instance.uuid);
  return {
    network: PRIVATE_NETWORK,
    addr,
    version: 4,
    type: 'fixed',
    mac_addr: mac,
    port_id: bootPortId(instance.uuid),
    network_id: PRIVATE_NETWORK_ID,
  };
}

/** The port id of an address (rows from before ports carry none: their boot port's). */
export function portIdOf(address: InstanceAddress, instanceUuid: string): string {
  return address.port_id ?? bootPortId(instanceUuid);
}

/** The instance's ports, from its network info. */
export function portsOfInstance(instance: Pick<Instance, 'uuid' | 'addresses'>): FakePort[] {
  const byId = new Map<string, FakePort>();
  for (const a of instance.addresses) {
    if (a.type !== 'fixed') continue;
    const id = portIdOf(a, instance.uuid);
    const prev = byId.get(id);
    const ip = { subnet_id: PRIVATE_SUBNET_ID, ip_address: a.addr };
    byId.set(id, {
      id,
      network_id: a.network_id ?? PRIVATE_NETWORK_ID,
      mac_address: a.mac_addr,
      fixed_ips: [...(prev?.fixed_ips ?? []), ip],
      device_id: instance.uuid,
    });
  }
  return [...byId.values()];
}

/** The network info entry of a port bound to an instance. */
export function portAddress(port: FakePort, tag: string | null): InstanceAddress {
  return {
    network: PRIVATE_NETWORK,
    addr: port.fixed_ips[0].ip_address,
    version: 4,
    type: 'fixed',
    mac_addr: port.mac_address,
    port_id: port.id,
    network_id: port.network_id,
    tag,
  };
}

/** Ports created on their own, before an attach; bound ones live in the instances' network info. */
export class FakeNetwork {
  readonly #ports = new Map<string, FakePort>();

  /** Checks a network id: only the private network exists. */
  network(networkId: string): { id: string; label: string } {
    if (networkId !== PRIVATE_NETWORK_ID) throw new NetworkNotFound(networkId);
    return { id: PRIVATE_NETWORK_ID, label: PRIVATE_NETWORK };
  }

  /** A new unbound port on a network, with the fixed IP asked for or one derived from its id. */
  createPort(opts: { network_id?: string; fixed_ip?: string; id?: string } = {}): FakePort {
    const networkId = opts.network_id ?? PRIVATE_NETWORK_ID;
    this.network(networkId);
    const id = opts.id ?? randomUUID();
    const { addr, mac } = addressOf(`port:${id}`);
    const port: FakePort = {
      id,
      network_id: networkId,
      mac_address: mac,
      fixed_ips: [{ subnet_id: PRIVATE_SUBNET_ID, ip_address: opts.fixed_ip ?? addr }],
      device_id: null,
    };
    this.#ports.set(id, port);
    return port;
  }

  /** An unbound port created earlier; PortNotFound otherwise. */
  showPort(portId: string): FakePort {
    const port = this.#ports.get(portId);
    if (!port) throw new PortNotFound(portId);
    return port;
  }

  /** Takes a port for an instance: it leaves the table of unbound ports (PortInUse when bound). */
  bind(portId: string, instanceUuid: string): FakePort {
    const port = this.showPort(portId);
    if (port.device_id !== null && port.device_id !== instanceUuid) throw new PortInUse(portId);
    this.#ports.delete(portId);
    return { ...port, device_id: instanceUuid };
  }

  /** Gives a detached port back to the table of unbound ports (Nova keeps a port the user made). */
  release(port: FakePort): void {
    this.#ports.set(port.id, { ...port, device_id: null });
  }

  /** Rejects a fixed IP already on `others` (FixedIpAlreadyInUse). */
  checkFixedIp(address: string, others: readonly Pick<Instance, 'uuid' | 'addresses'>[]): void {
    for (const i of others) {
      if (i.addresses.some((a) => a.addr === address)) throw new FixedIpAlreadyInUse(address, i.uuid);
    }
  }
}

const byDeployment = new WeakMap<ApiDatabase, FakeNetwork>();

/** The fake network of the deployment whose API database is `api` (one per process). */
export function fakeNetworkFor(api: ApiDatabase): FakeNetwork {
  let n = byDeployment.get(api);
  if (!n) {
    n = new FakeNetwork();
    byDeployment.set(api, n);
  }
  return n;
}
