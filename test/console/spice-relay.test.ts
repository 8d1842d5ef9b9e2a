/**
 * nova-spicehtml5proxy relays bytes to whatever SPICE address a token names
 * (the fake driver has no SPICE server, so a TCP echo stands in), including
 * the `CONNECT <internal_access_path>` exchange some hypervisors need first.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { silentLogger } from '@novats/core';
import { type RunningProxy, startWebsocketProxy } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ByteReader } from './rfb-client.js';

let echo: Server;
let proxy: RunningProxy;
const seen: string[] = [];
const sockets = new Set<Socket>();

/** Echoes everything; with a CONNECT line first, answers it (200 for /ok, 403 otherwise). */
function startEcho(): Promise<Server> {
  const server = createServer((socket) => {
    sockets.add(socket);
    let head = '';
    let connected = false;
    socket.on('data', (chunk) => {
      if (connected) return void socket.write(chunk);
      head += chunk.toString('latin1');
      if (!head.startsWith('CONNECT ')) {
        connected = true;
        socket.write(head);
        return;
      }
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      seen.push(head.slice(0, end));
      connected = true;
      const ok = head.startsWith('CONNECT /ok ');
      socket.write(ok ? 'HTTP/1.1 200 OK\r\n\r\nSPICE' : 'HTTP/1.1 403 Forbidden\r\n\r\n');
      if (!ok) socket.end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  echo = await startEcho();
  const port = (echo.address() as { port: number }).port;
  const tokens: Record<string, string | null> = { plain: null, tunnel: '/ok', refused: '/no' };
  proxy = await startWebsocketProxy({
    name: 'nova-spicehtml5proxy',
    host: '127.0.0.1',
    port: 0,
    consoleTypes: ['spice-html5'],
    allowedOrigins: [],
    site: async () => ({ status: 404, contentType: 'text/plain', body: '' }),
    logger: silentLogger,
    authority: async (token) =>
      token in tokens
        ? {
            instance_uuid: 'i-1',
            console_type: 'spice-html5',
            host: '127.0.0.1',
            port,
            internal_access_path: tokens[token],
            access_url_base: 'http://127.0.0.1:6082/spice_auto.html',
          }
        : null,
  });
});

afterAll(async () => {
  await proxy?.stop();
  for (const s of sockets) s.destroy();
  await new Promise((r) => echo?.close(r));
});

function open(token: string): Promise<{ ws: WebSocket; reader: ByteReader } | number> {
  const ws = new WebSocket(`${proxy.url.replace('http', 'ws')}/?token=${token}`, ['binary']);
  const reader = new ByteReader();
  ws.on('message', (d: Buffer) => reader.push(d));
  ws.on('error', () => {});
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws, reader }));
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
  });
}

describe('spice-html5 relay', () => {
  it('relays bytes both ways to the SPICE address', async () => {
    const c = await open('plain');
    if (typeof c === 'number') throw new Error(`refused ${c}`);
    c.ws.send(Buffer.from('REDQ-hello'));
    expect((await c.reader.read(10)).toString()).toBe('REDQ-hello');
    c.ws.terminate();
  });

  it('sends CONNECT <internal_access_path> first and passes what follows the 200', async () => {
    const c = await open('tunnel');
    if (typeof c === 'number') throw new Error(`refused ${c}`);
    expect((await c.reader.read(5)).toString()).toBe('SPICE');
    c.ws.send(Buffer.from('abc'));
    expect((await c.reader.read(3)).toString()).toBe('abc');
    expect(seen).toContain('CONNECT /ok HTTP/1.1');
    c.ws.terminate();
  });

  it('answers 502 when the console refuses the CONNECT, 403 for an unknown token', async () => {
    expect(await open('refused')).toBe(502);
    expect(await open('nope')).toBe(403);
  });
});
