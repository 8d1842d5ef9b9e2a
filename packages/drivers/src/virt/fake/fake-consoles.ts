/**
 * The fake hypervisor's VNC consoles: one RFB server per guest, drawing the
 * guest's name, started on 127.0.0.1 (a free port) the first time a console
 * is asked for and stopped when the guest is destroyed. Lazy, so that the
 * thousands of guests of a benchmark open no sockets.
 */
import type { ConsoleConnectInfo } from '@novats/core';
import { drawConsoleScreen } from './framebuffer.js';
import { RfbServer } from './rfb-server.js';

export class FakeConsoles {
  readonly #servers = new Map<string, Promise<RfbServer>>();

  constructor(private readonly listenHost = '127.0.0.1') {}

  /** The guest's VNC server, started on first use. */
  async vnc(guest: { readonly uuid: string; readonly name: string }): Promise<ConsoleConnectInfo> {
    let server = this.#servers.get(guest.uuid);
    if (!server) {
      server = RfbServer.listen(drawConsoleScreen(guest.name), guest.name, this.listenHost);
      this.#servers.set(guest.uuid, server);
      server.catch(() => this.#servers.delete(guest.uuid));
    }
    return { host: this.listenHost, port: (await server).port, internal_access_path: null };
  }

  /** Stops the guest's console, if it has one; idempotent. */
  async close(uuid: string): Promise<void> {
    const server = this.#servers.get(uuid);
    this.#servers.delete(uuid);
    if (server) await (await server).close();
  }
}
