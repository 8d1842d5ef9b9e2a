/**
 * Opens the proxy's side of a console: a TCP connection to the address a
 * token names and, with an `internal_access_path`, the `CONNECT <path>
 * HTTP/1.1` exchange Nova sends first (a 200 status line is required).
 * Resolves the socket (paused: the caller attaches its reader, then
 * resumes it) and any console bytes that arrived with the reply.
 */
import { connect, type Socket } from 'node:net';

export interface ConsoleTarget {
  readonly host: string;
  readonly port: number;
  readonly internal_access_path: string | null;
}

export class ConsoleTargetError extends Error {}

const MAX_CONNECT_REPLY = 4096;

export function openConsoleTarget(target: ConsoleTarget): Promise<{ socket: Socket; head: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port });
    socket.setNoDelay(true);
    const fail = (why: string) => {
      socket.destroy();
      reject(new ConsoleTargetError(why));
    };
    socket.once('error', (err) => fail(`cannot reach the console: ${err.message}`));
    socket.once('connect', () => {
      if (!target.internal_access_path) return resolve({ socket, head: Buffer.alloc(0) });
      socket.write(`CONNECT ${target.internal_access_path} HTTP/1.1\r\n\r\n`);
      let reply = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        reply = Buffer.concat([reply, chunk]);
        const end = reply.indexOf('\r\n\r\n');
        if (end < 0) {
          if (reply.length > MAX_CONNECT_REPLY) fail('console CONNECT reply too long');
          return;
        }
        socket.off('data', onData);
        socket.pause();
        const status = reply.subarray(0, reply.indexOf('\r\n')).toString('latin1');
        if (!/^HTTP\/1\.[01] 200\b/.test(status)) return fail(`console CONNECT refused: ${status}`);
        resolve({ socket, head: reply.subarray(end + 4) });
      };
      socket.on('data', onData);
    });
  });
}
