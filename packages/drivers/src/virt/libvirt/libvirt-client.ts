/**
 * libvirt's API over the remote protocol, the calls the driver needs, each
 * one method named after libvirt's function (virDomainCreate → createDomain).
 * A client is one opened connection to one hypervisor URI.
 */

import { HypervisorUnavailable } from './libvirt-errors.js';
import { LibvirtRpcConnection } from './libvirt-rpc-connection.js';
import { resolveLibvirtUri } from './libvirt-uri.js';
import {
  AuthType,
  DomainState,
  ListAllDomainsFlags,
  Proc,
  type RemoteDomain,
  readDomain,
  uuidToBytes,
  writeDomain,
} from './remote-protocol.js';

/** virNodeInfo. */
export interface NodeInfo {
  readonly model: string;
  /** KiB. */
  readonly memory: bigint;
  readonly cpus: number;
  readonly mhz: number;
  readonly nodes: number;
  readonly sockets: number;
  readonly cores: number;
  readonly threads: number;
}

/** virDomainInfo. */
export interface DomainInfo {
  readonly state: number;
  /** KiB. */
  readonly maxMem: bigint;
  readonly memory: bigint;
  readonly nrVirtCpu: number;
  /** Nanoseconds. */
  readonly cpuTime: bigint;
}

export { DomainState };

export class LibvirtClient {
  private constructor(
    private readonly conn: LibvirtRpcConnection,
    readonly uri: string,
  ) {}

  /** Connects to libvirtd and opens `uri` (virConnectOpen), authenticating as libvirtd asks. */
  static async connect(uri: string): Promise<LibvirtClient> {
    const target = resolveLibvirtUri(uri);
    const conn = await LibvirtRpcConnection.open(target.socketPath);
    try {
      const auth = (await conn.call(Proc.AUTH_LIST)).array((r) => r.int());
      if (auth.includes(AuthType.POLKIT) && !auth.includes(AuthType.NONE)) {
        // NOTE(polkit): libvirtd lets root through polkit auth without asking polkitd.
        await conn.call(Proc.AUTH_POLKIT);
      } else if (auth.length > 0 && !auth.includes(AuthType.NONE)) {
        throw new HypervisorUnavailable(
          `libvirtd at ${target.socketPath} requires SASL authentication, which Novats does not speak`,
        );
      }
      await conn.call(Proc.CONNECT_OPEN, (w) => w.optionalString(target.openUri).uint(0));
    } catch (err) {
      conn.close();
      throw err;
    }
    return new LibvirtClient(conn, uri);
  }

  get isOpen(): boolean {
    return this.conn.isOpen;
  }

  async close(): Promise<void> {
    if (!this.conn.isOpen) return;
    await this.conn.call(Proc.CONNECT_CLOSE).catch(() => {});
    this.conn.close();
  }

  async getHostname(): Promise<string> {
    return (await this.conn.call(Proc.CONNECT_GET_HOSTNAME)).string();
  }

  /** The hypervisor's type name (`QEMU`, `TEST`). */
  async getType(): Promise<string> {
    return (await this.conn.call(Proc.CONNECT_GET_TYPE)).string();
  }

  /** The hypervisor version as major * 1,000,000 + minor * 1,000 + release. */
  async getVersion(): Promise<number> {
    return Number((await this.conn.call(Proc.CONNECT_GET_VERSION)).uhyper());
  }

  async getLibVersion(): Promise<number> {
    return Number((await this.conn.call(Proc.CONNECT_GET_LIB_VERSION)).uhyper());
  }

  async getCapabilities(): Promise<string> {
    return (await this.conn.call(Proc.CONNECT_GET_CAPABILITIES)).string();
  }

  async nodeGetInfo(): Promise<NodeInfo> {
    const r = await this.conn.call(Proc.NODE_GET_INFO);
    // NOTE(wire): `char model[32]` is 32 XDR chars, each one 4-byte unit.
    const chars: number[] = [];
    for (let i = 0; i < 32; i += 1) chars.push(r.int() & 0xff);
    const end = chars.indexOf(0);
    const model = Buffer.from(end === -1 ? chars : chars.slice(0, end)).toString('latin1');
    return {
      model,
      memory: r.uhyper(),
      cpus: r.int(),
      mhz: r.int(),
      nodes: r.int(),
      sockets: r.int(),
      cores: r.int(),
      threads: r.int(),
    };
  }

  async defineXml(xml: string): Promise<RemoteDomain> {
    return readDomain(await this.conn.call(Proc.DOMAIN_DEFINE_XML, (w) => w.string(xml)));
  }

  /** virDomainLookupByUUID; rejects with LibvirtError NO_DOMAIN when unknown. */
  async lookupByUuid(uuid: string): Promise<RemoteDomain> {
    return readDomain(
      await this.conn.call(Proc.DOMAIN_LOOKUP_BY_UUID, (w) => w.fixedOpaque(uuidToBytes(uuid))),
    );
  }

  async listAllDomains(
    flags = ListAllDomainsFlags.ACTIVE | ListAllDomainsFlags.INACTIVE,
  ): Promise<RemoteDomain[]> {
    const r = await this.conn.call(Proc.CONNECT_LIST_ALL_DOMAINS, (w) => w.int(1).uint(flags));
    return r.array(readDomain);
  }

  async getInfo(dom: RemoteDomain): Promise<DomainInfo> {
    const r = await this.#domainCall(Proc.DOMAIN_GET_INFO, dom);
    return {
      state: r.uint(),
      maxMem: r.uhyper(),
      memory: r.uhyper(),
      nrVirtCpu: r.uint(),
      cpuTime: r.uhyper(),
    };
  }

  /** virDomainGetState: [state, reason]. */
  async getState(dom: RemoteDomain): Promise<[number, number]> {
    const r = await this.#domainCall(Proc.DOMAIN_GET_STATE, dom, 0);
    return [r.int(), r.int()];
  }

  async getXmlDesc(dom: RemoteDomain, flags = 0): Promise<string> {
    return (await this.#domainCall(Proc.DOMAIN_GET_XML_DESC, dom, flags)).string();
  }

  async create(dom: RemoteDomain): Promise<void> {
    await this.#domainCall(Proc.DOMAIN_CREATE, dom);
  }

  async shutdown(dom: RemoteDomain): Promise<void> {
    await this.#domainCall(Proc.DOMAIN_SHUTDOWN, dom);
  }

  async destroy(dom: RemoteDomain): Promise<void> {
    await this.#domainCall(Proc.DOMAIN_DESTROY, dom);
  }

  async reboot(dom: RemoteDomain, flags = 0): Promise<void> {
    await this.#domainCall(Proc.DOMAIN_REBOOT, dom, flags);
  }

  async reset(dom: RemoteDomain): Promise<void> {
    await this.#domainCall(Proc.DOMAIN_RESET, dom, 0);
  }

  /** virDomainSuspend: pauses the vCPUs (Nova's pause). */
  async suspend(dom: RemoteDomain): Promise<void> {
    await this.#domainCall(Proc.DOMAIN_SUSPEND, dom);
  }

  async resume(dom: RemoteDomain): Promise<void> {
    await this.#domainCall(Proc.DOMAIN_RESUME, dom);
  }

  /** virDomainManagedSave: saves memory to disk and stops (Nova's suspend). */
  async managedSave(dom: RemoteDomain): Promise<void> {
    await this.#domainCall(Proc.DOMAIN_MANAGED_SAVE, dom, 0);
  }

  async hasManagedSaveImage(dom: RemoteDomain): Promise<boolean> {
    return (await this.#domainCall(Proc.DOMAIN_HAS_MANAGED_SAVE_IMAGE, dom, 0)).int() === 1;
  }

  async managedSaveRemove(dom: RemoteDomain): Promise<void> {
    await this.#domainCall(Proc.DOMAIN_MANAGED_SAVE_REMOVE, dom, 0);
  }

  async undefine(dom: RemoteDomain, flags: number): Promise<void> {
    await this.#domainCall(Proc.DOMAIN_UNDEFINE_FLAGS, dom, flags);
  }

  async attachDevice(dom: RemoteDomain, xml: string, flags: number): Promise<void> {
    await this.conn.call(Proc.DOMAIN_ATTACH_DEVICE_FLAGS, (w) => {
      writeDomain(w, dom);
      w.string(xml).uint(flags);
    });
  }

  async detachDevice(dom: RemoteDomain, xml: string, flags: number): Promise<void> {
    await this.conn.call(Proc.DOMAIN_DETACH_DEVICE_FLAGS, (w) => {
      writeDomain(w, dom);
      w.string(xml).uint(flags);
    });
  }

  async injectNmi(dom: RemoteDomain): Promise<void> {
    await this.#domainCall(Proc.DOMAIN_INJECT_NMI, dom, 0);
  }

  /** virDomainSetUserPassword (needs the QEMU guest agent in the guest). */
  async setUserPassword(dom: RemoteDomain, user: string, password: string): Promise<void> {
    await this.conn.call(Proc.DOMAIN_SET_USER_PASSWORD, (w) => {
      writeDomain(w, dom);
      w.optionalString(user).optionalString(password).uint(0);
    });
  }

  /** A call whose arguments are the domain and, when given, one unsigned flags word. */
  #domainCall(procedure: number, dom: RemoteDomain, flags?: number) {
    return this.conn.call(procedure, (w) => {
      writeDomain(w, dom);
      if (flags !== undefined) w.uint(flags);
    });
  }
}
