/**
 * nova-compute's console calls (Nova's `ComputeManager.get_vnc_console` and
 * friends): check that the host serves the console type (`[vnc] enabled`,
 * ...), then ask the virt driver's console facet where the console is. The
 * token is made by the caller; the host only says host, port and path.
 */
import type { ConsoleConnectInfo, ConsoleProtocol, Instance, RpcEndpoint, VirtDriver } from '@novats/core';
import {
  ConsoleNotSupported,
  ConsoleTypeInvalid,
  ConsoleTypeUnavailable,
  consoleOf,
  InstanceNotReady,
  isNovaError,
  VmState,
} from '@novats/core';
import type { ConsoleSettings } from '../consoleauth/console-settings.js';
import type {
  GetConsoleArgs,
  RemoteConsoleProtocol,
  ValidateConsolePortArgs,
} from '../rpc/compute-console-rpcapi.js';

const NOT_FOUND = 'compute.instance.not_found';

/** Nova's defaults: VNC on, the others off. */
export const DEFAULT_CONSOLES_ENABLED: ConsoleSettings['enabled'] = {
  vnc: true,
  spice: false,
  serial: false,
  rdp: false,
  mks: false,
};

/** The console types each protocol serves on this host. */
const TYPES: Readonly<Record<RemoteConsoleProtocol, readonly string[]>> = {
  vnc: ['novnc', 'xvpvnc'],
  spice: ['spice-html5'],
  serial: ['serial'],
  rdp: ['rdp-html5'],
  mks: ['webmks'],
};

/** The protocol a console type belongs to (validate_console_port gets only the type). */
function protocolOf(consoleType: string): RemoteConsoleProtocol | null {
  const found = Object.entries(TYPES).find(([, types]) => types.includes(consoleType));
  return found ? (found[0] as RemoteConsoleProtocol) : null;
}

async function connectInfo(
  driver: VirtDriver,
  enabled: ConsoleSettings['enabled'],
  protocol: RemoteConsoleProtocol,
  instance: Instance,
  consoleType: string,
): Promise<ConsoleConnectInfo> {
  if (!enabled[protocol]) throw new ConsoleTypeUnavailable(consoleType);
  if (!TYPES[protocol].includes(consoleType)) throw new ConsoleTypeInvalid(consoleType);
  // NOTE(drivers): RDP (Hyper-V) and MKS (VMware) have no driver here, so they are never a facet.
  const get =
    protocol === 'rdp' || protocol === 'mks' ? null : consoleOf(driver, protocol as ConsoleProtocol);
  if (!get) throw new ConsoleNotSupported();
  try {
    return await get(instance);
  } catch (err) {
    // NOTE(nova): a guest still building has no console yet: 409 InstanceNotReady rather than 404.
    if (isNovaError(err) && err.code === NOT_FOUND && instance.vm_state === VmState.BUILDING) {
      throw new InstanceNotReady(instance.uuid);
    }
    throw err;
  }
}

/** The console methods of the compute RPC endpoint. */
export function consoleEndpoint(driver: VirtDriver, enabled: ConsoleSettings['enabled']): RpcEndpoint {
  const getter = (protocol: RemoteConsoleProtocol) => (_ctx: unknown, a: GetConsoleArgs) =>
    connectInfo(driver, enabled, protocol, a.instance, a.console_type);
  return {
    get_vnc_console: getter('vnc'),
    get_spice_console: getter('spice'),
    get_serial_console: getter('serial'),
    get_rdp_console: getter('rdp'),
    get_mks_console: getter('mks'),
    validate_console_port: async (_ctx, a: ValidateConsolePortArgs) => {
      const protocol = protocolOf(a.console_type);
      if (!protocol) return false;
      const info = await connectInfo(driver, enabled, protocol, a.instance, a.console_type).catch(() => null);
      return info !== null && info.port === a.port;
    },
  };
}
