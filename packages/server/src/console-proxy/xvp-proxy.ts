/**
 * nova-xvpvncproxy (Nova's XCPVNCProxy, removed in Stein): plain TCP, no
 * websocket. The XVP client sends one HTTP-style request line carrying the
 * token (`CONNECT /console?token=... HTTP/1.1`, GET works too) and a blank
 * line; a good token gets `HTTP/1.1 200 OK` and from then on raw RFB flows
 * both ways. No token: 400 "Invalid Request"; a bad one: 401 "Not Authorized".
 */
import { createServer, type Socket } from 'node:net';
import type { Logger } from '@novats/core';
import type { ConsoleAuthority } from './console-authority.js';
import { openConsoleTarget } from './console-target.js';
import { consoleTokenOf } from './console-token-source.js';
import type { RunningProxy } from './websocket-proxy.js';

export interface XvpProxyOptions {
  readonly host: string;
  readonly port: number;
  readonly authority: ConsoleAuthority;
  readonly logger: Logger;
}

const MAX_REQUEST = 4096;

function answer(client: Socket, status: string, body: string): void {
  client.end(`HTTP/1.1 ${status}\r\ncontent-type: text/html\r\n\r\n${body}`);
}

async function serve(client: Socket, request: string, rest: Buffer, opts: XvpProxyOptions): Promise<void> {
  const [, path = '/'] = request.split('\r\n')[0].split(' ');
  const token = consoleTokenOf(path, undefined);
  if (token === '') {
    opts.logger.info('nova-xvpvncproxy: request made with missing token');
    return answer(client, '400 Invalid Request', 'Invalid Request');
  }
  const connection = await opts.authority(token).catch(() => null);
  if (!connection || connection.console_type !== 'xvpvnc') {
    opts.logger.info('nova-xvpvncproxy: request made with invalid token');
    return answer(client, '401 Not Authorized', 'Not Authorized');
  }
  let target: Awaited<ReturnType<typeof openConsoleTarget>>;
  try {
    target = await openConsoleTarget(connection);
  } catch {
    return answer(client, '400 Invalid Request', 'Invalid Request');
  }
  opts.logger.info(`nova-xvpvncproxy: connect to instance ${connection.instance_uuid}`);
  const server = target.socket;
  client.write('HTTP/1.1 200 OK\r\n\r\n');
  if (target.head.length > 0) client.write(target.head);
  if (rest.length > 0) server.write(rest);
  client.pipe(server);
  server.pipe(client);
  server.on('error', () => client.destroy());
  client.on('close', () => server.destroy());
  server.on('close', () => client.destroy());
  server.resume();
}

export async function startXvpProxy(opts: XvpProxyOptions): Promise<RunningProxy> {
  const clients = new Set<Socket>();
  const server = createServer((client) => {
    clients.add(client);
    client.setNoDelay(true);
    client.on('close', () => clients.delete(client));
    client.on('error', () => client.destroy());
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffered.length > MAX_REQUEST) answer(client, '400 Invalid Request', 'Invalid Request');
        return;
      }
      client.off('data', onData);
      client.pause();
      void serve(client, buffered.subarray(0, end).toString('latin1'), buffered.subarray(end + 4), opts);
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const shown = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    name: 'nova-xvpvncproxy',
    url: `http://${shown}:${port}`,
    port,
    async stop() {
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
