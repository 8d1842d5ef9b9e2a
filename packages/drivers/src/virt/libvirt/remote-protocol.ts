/**
 * The numbers and structures of libvirt's remote protocol
 * (src/remote/remote_protocol.x and src/rpc/virnetprotocol.x): the program,
 * the message header, the procedures Novats calls and the shared structs.
 * Procedure numbers never change in libvirt, so they are plain constants.
 */
import type { XdrReader, XdrWriter } from './xdr.js';

export const REMOTE_PROGRAM = 0x20008086;
export const REMOTE_PROTOCOL_VERSION = 1;

/** virNetMessageType. */
export const MessageType = { CALL: 0, REPLY: 1, MESSAGE: 2, STREAM: 3 } as const;
/** virNetMessageStatus. */
export const MessageStatus = { OK: 0, ERROR: 1, CONTINUE: 2 } as const;

/** Length word plus the six header words (program, version, procedure, type, serial, status). */
export const HEADER_BYTES = 28;
/** virNetMessage's limit on one message (32 MiB in libvirt 9). */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/** remote_procedure, the calls Novats makes. */
export const Proc = {
  CONNECT_OPEN: 1,
  CONNECT_CLOSE: 2,
  CONNECT_GET_TYPE: 3,
  CONNECT_GET_VERSION: 4,
  NODE_GET_INFO: 6,
  CONNECT_GET_CAPABILITIES: 7,
  DOMAIN_CREATE: 9,
  DOMAIN_DEFINE_XML: 11,
  DOMAIN_DESTROY: 12,
  DOMAIN_GET_XML_DESC: 14,
  DOMAIN_GET_INFO: 16,
  DOMAIN_LOOKUP_BY_UUID: 24,
  DOMAIN_REBOOT: 27,
  DOMAIN_RESUME: 28,
  DOMAIN_SHUTDOWN: 33,
  DOMAIN_SUSPEND: 34,
  CONNECT_GET_HOSTNAME: 59,
  AUTH_LIST: 66,
  AUTH_POLKIT: 70,
  CONNECT_GET_LIB_VERSION: 157,
  DOMAIN_ATTACH_DEVICE_FLAGS: 160,
  DOMAIN_DETACH_DEVICE_FLAGS: 161,
  DOMAIN_MANAGED_SAVE: 182,
  DOMAIN_HAS_MANAGED_SAVE_IMAGE: 183,
  DOMAIN_MANAGED_SAVE_REMOVE: 184,
  DOMAIN_INJECT_NMI: 210,
  DOMAIN_GET_STATE: 212,
  DOMAIN_UNDEFINE_FLAGS: 231,
  DOMAIN_RESET: 245,
  CONNECT_LIST_ALL_DOMAINS: 273,
  DOMAIN_SET_USER_PASSWORD: 357,
} as const;

/** remote_auth_type. */
export const AuthType = { NONE: 0, SASL: 1, POLKIT: 2 } as const;

/** virDomainState. */
export const DomainState = {
  NOSTATE: 0,
  RUNNING: 1,
  BLOCKED: 2,
  PAUSED: 3,
  SHUTDOWN: 4,
  SHUTOFF: 5,
  CRASHED: 6,
  PMSUSPENDED: 7,
} as const;

/** virDomainUndefineFlagsValues: drop managed-save images, snapshots' metadata and NVRAM too. */
export const UndefineFlags = { MANAGED_SAVE: 1, SNAPSHOTS_METADATA: 2, NVRAM: 4 } as const;
/** virDomainDeviceModifyFlags: change the live guest and its persistent definition. */
export const DeviceModifyFlags = { LIVE: 1, CONFIG: 2 } as const;
/** virConnectListAllDomainsFlags: 0 lists active and inactive domains. */
export const ListAllDomainsFlags = { ACTIVE: 1, INACTIVE: 2 } as const;

/** remote_nonnull_domain: how the daemon names a domain in calls and replies. */
export interface RemoteDomain {
  readonly name: string;
  /** The 16 raw bytes of the domain's uuid. */
  readonly uuid: Buffer;
  /** The running id, -1 when shut off. */
  readonly id: number;
}

export function writeDomain(w: XdrWriter, dom: RemoteDomain): void {
  w.string(dom.name).fixedOpaque(dom.uuid).int(dom.id);
}

export function readDomain(r: XdrReader): RemoteDomain {
  return { name: r.string(), uuid: Buffer.from(r.fixedOpaque(16)), id: r.int() };
}

/** remote_error: libvirt's virError as the daemon sends it with status ERROR. */
export interface RemoteError {
  readonly code: number;
  readonly domain: number;
  readonly message: string | null;
  readonly level: number;
}

export function readError(r: XdrReader): RemoteError {
  const code = r.int();
  const domain = r.int();
  const message = r.optionalString();
  const level = r.int();
  // NOTE(wire): the rest (dom, str1-3, int1-2, net) only repeats what the message says.
  if (r.bool()) readDomain(r);
  r.optionalString();
  r.optionalString();
  r.optionalString();
  r.int();
  r.int();
  if (r.bool()) {
    r.string();
    r.fixedOpaque(16);
  }
  return { code, domain, message, level };
}

/** The uuid text form of 16 raw bytes. */
export function uuidFromBytes(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The 16 raw bytes of a uuid in text form. */
export function uuidToBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`not a uuid: ${uuid}`);
  return Buffer.from(hex, 'hex');
}
