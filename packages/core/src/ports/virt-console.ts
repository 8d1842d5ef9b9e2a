/**
 * The console facet of a virt driver (Nova's `get_vnc_console`,
 * `get_spice_console`, `get_serial_console`): where the console proxy
 * connects to reach a guest's console. Optional: a driver without a method
 * has no console of that protocol, which the API answers with 501; the
 * guards below are how callers find out, never a "not implemented" throw.
 */
import type { Instance } from '../objects/instance.js';
import type { VirtDriver } from './virt-driver.js';

/** Nova's `ctype.Console*`: the address the proxy (not the user) connects to. */
export interface ConsoleConnectInfo {
  readonly host: string;
  readonly port: number;
  /** Sent as `CONNECT <path> HTTP/1.1` before the console protocol starts (XenAPI-style consoles); null: none. */
  readonly internal_access_path: string | null;
}

/** Nova's `ctype.ConsoleSpice`: SPICE may also listen with TLS. */
export interface SpiceConnectInfo extends ConsoleConnectInfo {
  readonly tls_port: number | null;
}

/** The console protocols a driver may offer (the remote-consoles `protocol` values it serves). */
export type ConsoleProtocol = 'vnc' | 'spice' | 'serial';

export interface SupportsVncConsole {
  /**
   * The guest's VNC server (RFB). Rejects with InstanceNotFound when the
   * hypervisor does not know the guest. Called for every console token.
   */
  getVncConsole(instance: Instance): Promise<ConsoleConnectInfo>;
}

export interface SupportsSpiceConsole {
  /** The guest's SPICE server; rejects with InstanceNotFound for an unknown guest. */
  getSpiceConsole(instance: Instance): Promise<SpiceConnectInfo>;
}

export interface SupportsSerialConsole {
  /** A TCP socket carrying the guest's serial port; rejects with InstanceNotFound for an unknown guest. */
  getSerialConsole(instance: Instance): Promise<ConsoleConnectInfo>;
}

export function supportsVncConsole(driver: VirtDriver): driver is VirtDriver & SupportsVncConsole {
  return typeof (driver as Partial<SupportsVncConsole>).getVncConsole === 'function';
}

export function supportsSpiceConsole(driver: VirtDriver): driver is VirtDriver & SupportsSpiceConsole {
  return typeof (driver as Partial<SupportsSpiceConsole>).getSpiceConsole === 'function';
}

export function supportsSerialConsole(driver: VirtDriver): driver is VirtDriver & SupportsSerialConsole {
  return typeof (driver as Partial<SupportsSerialConsole>).getSerialConsole === 'function';
}

/**
 * The console of `protocol` for a guest, or null when the driver has no such
 * facet. One switch so that the compute manager's RPC methods stay one line each.
 */
export function consoleOf(
  driver: VirtDriver,
  protocol: ConsoleProtocol,
): ((instance: Instance) => Promise<ConsoleConnectInfo>) | null {
  if (protocol === 'vnc') return supportsVncConsole(driver) ? (i) => driver.getVncConsole(i) : null;
  if (protocol === 'spice') return supportsSpiceConsole(driver) ? (i) => driver.getSpiceConsole(i) : null;
  return supportsSerialConsole(driver) ? (i) => driver.getSerialConsole(i) : null;
}
