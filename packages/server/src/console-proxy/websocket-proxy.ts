/**
 * A console websocket proxy (Nova's websockify-based NovaWebSocketProxy):
 * serves the web client over HTTP and, on a websocket upgrade, takes the
 * token from the query or cookie, asks the console authority (nova-
 * consoleauth) what it opens, checks the Origin, then relays binary frames
 * to and from the console's TCP address. A refused upgrade gets an HTTP
 * error and no websocket; tokens never reach the log.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '@novats/core';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ConsoleAuthority } from './console-authority.js';
import { ConsoleTargetError, openConsoleTarget } from './console-target.js';
import { consoleTokenOf } from './console-token-source.js';
import { originRefusal } from './origin-check.js';
import type { WebSite } from './web-site.js';

export interface WebsocketProxyOptions {
  /** The service name in logs (`nova-novncproxy`). */
  readonly name: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The console types whose tokens this proxy accepts (`novnc`). */
  readonly consoleTypes: readonly string[];
  readonly authority: ConsoleAuthority;
  /** `[console] allowed_origins`. */
  readonly allowedOrigins: readonly string[];
  readonly site: WebSite;
  readonly logger: Logger;
}

export interface RunningProxy {
  readonly name: string;
  /** http://host:port of the proxy. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Refuses an upgrade with an HTTP status; the websocket never opens. */
function refuse(socket: Socket, status: number, reason: string): void {
  const text = { 400: 'Bad Request', 403: 'Forbidden', 502: 'Bad Gateway', 503: 'Service Unavailable' }[
    status
  ];
  socket.end(
    `HTTP/1.1 ${status} ${text ?? 'Error'}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`,
  );
}

/** Relays one websocket to one console socket until either side closes. */
function relay(ws: WebSocket, target: Socket, head: Buffer): void {
  if (head.length > 0) ws.send(head);
  target.on('data', (chunk) => {
    ws.send(chunk);
    // NOTE(backpressure): a slow browser must not make the proxy buffer a whole screen stream.
    if (ws.bufferedAmount > 4 * 1024 * 1024) {
      target.pause();
      const drain = setInterval(() => {
        if (ws.bufferedAmount < 1024 * 1024 || ws.readyState !== ws.OPEN) {
          clearInterval(drain);
          target.resume();
        }
      }, 5);
    }
  });
  target.on('close', () => ws.close());
  target.on('error', () => ws.terminate());
  ws.on('message', (data: Buffer, isBinary) => {
    // NOTE(websockify): a text frame is base64 under the old `base64` subprotocol; binary is raw.
    target.write(isBinary ? data : Buffer.from(data.toString('utf8'), 'base64'));
  });
  ws.on('close', () => target.destroy());
  ws.on('error', () => target.destroy());
  target.resume();
}

export async function startWebsocketProxy(opts: WebsocketProxyOptions): Promise<RunningProxy> {
  const log = opts.logger;
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) =>
      offered.has('binary') ? 'binary' : offered.has('base64') ? 'base64' : false,
  });
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain' }).end('Method Not Allowed\n');
      return;
    }
    const file = await opts.site(req.url ?? '/');
    res.writeHead(file.status, { 'content-type': file.contentType, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    void upgrade(req, socket, head);
  });

  async function upgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const token = consoleTokenOf(req.url ?? '/', req.headers.cookie);
    let connection: Awaited<ReturnType<ConsoleAuthority>>;
    try {
      connection = token === '' ? null : await opts.authority(token);
    } catch (err) {
      log.warning(`${opts.name}: token check failed: ${(err as Error).message}`);
      return refuse(socket, 503, 'The console authorization service is unavailable.');
    }
    if (!connection || !opts.consoleTypes.includes(connection.console_type)) {
      log.info(`${opts.name}: refused a connection with an invalid or expired token`);
      return refuse(socket, 403, 'The token is invalid or has expired');
    }
    const origin = originRefusal(
      {
        origin: req.headers.origin,
        host: req.headers.host,
        'x-forwarded-proto': req.headers['x-forwarded-proto'] as string | undefined,
      },
      opts.allowedOrigins,
      connection.access_url_base,
    );
    if (origin) {
      log.info(`${opts.name}: refused instance ${connection.instance_uuid}: ${origin}`);
      return refuse(socket, 403, origin);
    }
    let target: Awaited<ReturnType<typeof openConsoleTarget>>;
    try {
      target = await openConsoleTarget(connection);
    } catch (err) {
      const why = err instanceof ConsoleTargetError ? err.message : String(err);
      log.warning(`${opts.name}: instance ${connection.instance_uuid}: ${why}`);
      return refuse(socket, 502, 'The console is not reachable.');
    }
    log.info(
      `${opts.name}: connect to instance ${connection.instance_uuid} at ${connection.host}:${connection.port}`,
    );
    wss.handleUpgrade(req, socket, head, (ws) => relay(ws, target.socket, target.head));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const shown = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    name: opts.name,
    url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`,
    port,
    async stop() {
      for (const ws of wss.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
