/**
 * libvirt connection URIs (`[libvirt] connection_uri`) as Novats reaches
 * them: always through libvirtd's local unix socket. `qemu:///system` and
 * `test:///default` go to /run/libvirt/libvirt-sock; `driver+unix:///path`
 * may name another socket with `?socket=`. Remote transports (ssh, tls, tcp)
 * are refused by name rather than silently tried locally.
 */

export const DEFAULT_SOCKET = '/run/libvirt/libvirt-sock';

export interface LibvirtTarget {
  /** The unix socket of libvirtd. */
  readonly socketPath: string;
  /** The URI sent in CONNECT_OPEN (transport and socket removed), e.g. `qemu:///system`. */
  readonly openUri: string;
}

/** The URI Nova uses when `connection_uri` is empty: from `virt_type`. */
export function defaultConnectionUri(virtType: string): string {
  return virtType === 'qemu' || virtType === 'kvm' ? 'qemu:///system' : `${virtType}:///system`;
}

export function resolveLibvirtUri(uri: string): LibvirtTarget {
  const match = /^([a-z0-9]+)(?:\+([a-z0-9]+))?:\/\/([^/?]*)(\/[^?]*)?(?:\?(.*))?$/i.exec(uri.trim());
  if (!match) throw new TypeError(`not a libvirt connection URI: ${uri}`);
  const [, driver, transport, server, path = '/', query = ''] = match;
  if ((transport && transport !== 'unix') || server !== '') {
    throw new TypeError(
      `libvirt connection URI ${uri} names a remote or ${transport ?? 'network'} transport; Novats connects only through libvirtd's local unix socket`,
    );
  }
  const params = new URLSearchParams(query);
  const socketPath = params.get('socket') ?? DEFAULT_SOCKET;
  params.delete('socket');
  const rest = params.toString();
  return { socketPath, openUri: `${driver}://${path}${rest ? `?${rest}` : ''}` };
}
