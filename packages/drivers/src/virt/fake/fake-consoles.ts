/**
 * The fake hypervisor's consoles, one TCP server per guest and protocol on
 * 127.0.0.1 (a free port), started the first time a console is asked for
 * and stopped when the guest is destroyed; lazy, so that the thousands of
 * guests of a benchmark open no sockets. VNC is an RFB server drawing the
 * guest's name; SPICE answers SPICE's link stage (spice-link.ts); serial is
 * a login prompt that echoes what is typed (serial-port.ts).
 */
import type { ConsoleConnectInfo, ConsoleProtocol, SpiceConnectInfo } from '@novats/core';
import { drawConsoleScreen } from './framebuffer.js';
import { RfbServer } from './rfb-server.js';
import { serialPortSession } from './serial-port.js';
import { spiceLinkSession } from './spice-link.js';
import { listenTcpConsole } from './tcp-console-server.js';

interface Listening {
  readonly port: number;
  close(): Promise<void>;
}

type Guest = { readonly uuid: string; readonly name: string };

export class FakeConsoles {
  /** By guest uuid, then protocol. */
  readonly #servers = new Map<string, Map<ConsoleProtocol, Promise<Listening>>>();

  constructor(private readonly listenHost = '127.0.0.1') {}

  /** The guest's VNC server, started on first use. */
  vnc(guest: Guest): Promise<ConsoleConnectInfo> {
    return this.#console(guest, 'vnc', () =>
      RfbServer.listen(drawConsoleScreen(guest.name), guest.name, this.listenHost),
    );
  }

  /** The guest's SPICE server (the link stage only), started on first use; no TLS port. */
  async spice(guest: Guest): Promise<SpiceConnectInfo> {
    const info = await this.#console(guest, 'spice', () =>
      listenTcpConsole(this.listenHost, spiceLinkSession),
    );
    return { ...info, tls_port: null };
  }

  /** The guest's serial port, started on first use. */
  serial(guest: Guest): Promise<ConsoleConnectInfo> {
    return this.#console(guest, 'serial', () =>
      listenTcpConsole(this.listenHost, (socket) => serialPortSession(socket, guest.name)),
    );
  }

  async #console(
    guest: Guest,
    protocol: ConsoleProtocol,
    start: () => Promise<Listening>,
  ): Promise<ConsoleConnectInfo> {
    let servers = this.#servers.get(guest.uuid);
    if (!servers) {
      servers = new Map();
      this.#servers.set(guest.uuid, servers);
    }
    let server = servers.get(protocol);
    if (!server) {
      server = start();
      servers.set(protocol, server);
      server.catch(() => servers.delete(protocol));
    }
    return { host: this.listenHost, port: (await server).port, internal_access_path: null };
  }

  /** Stops the guest's consoles, if it has any; idempotent. */
  async close(uuid: string): Promise<void> {
    const servers = this.#servers.get(uuid);
    this.#servers.delete(uuid);
    for (const server of servers?.values() ?? []) await (await server).close();
  }
}
