/**
 * A TCP listener for one fake guest's console (SPICE link stage, serial
 * port): a free port on `host`, one session per connection, every session
 * dropped when the guest goes. It does not keep the process alive.
 */
import { createServer, type Socket } from 'node:net';

export interface TcpConsoleServer {
  readonly port: number;
  /** Stops listening and drops connected clients. */
  close(): Promise<void>;
}

export async function listenTcpConsole(
  host: string,
  session: (socket: Socket) => void,
): Promise<TcpConsoleServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    session(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  server.unref();
  return {
    port: (server.address() as { port: number }).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
