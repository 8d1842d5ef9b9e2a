/**
 * The console proxies of the all-in-one cloud, end to end to the fake
 * driver's RFB server: nova-novncproxy (websocket; token in the query,
 * noVNC's path or a cookie; Nova's Origin rules), nova-xvpvncproxy (the XVP
 * CONNECT line, then raw RFB) and the web clients they serve. A frame
 * update read through the proxy carries the instance's drawn name.
 */

import { get } from 'node:http';
import { connect } from 'node:net';
import { CONSOLE_BACKGROUND, CONSOLE_INK } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { bootActive, remoteConsole, tokenOfUrl } from './console-support.js';
import {
  ByteReader,
  countPixels,
  type RfbStream,
  requestFrame,
  rfbHandshake,
  tcpStream,
  wsStream,
} from './rfb-client.js';

let t: TestCloud;
let server: string;
let novnc: string;
const open: { close(): void }[] = [];

async function novncToken(): Promise<string> {
  return tokenOfUrl((await remoteConsole(t, server, 'vnc', 'novnc')).body.remote_console.url);
}

type OpenWs = WebSocket & { stream: RfbStream };

/**
 * Opens a websocket to nova-novncproxy, reading from its first byte;
 * resolves it open, or the HTTP status that refused it.
 */
function openWs(path: string, headers: Record<string, string> = {}): Promise<OpenWs | number> {
  const ws = new WebSocket(`${novnc.replace('http', 'ws')}${path}`, ['binary'], { headers });
  const opened = Object.assign(ws, { stream: wsStream(ws) });
  open.push({ close: () => ws.terminate() });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(opened));
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    ws.on('error', reject);
  });
}

async function openedWs(path: string, headers: Record<string, string> = {}): Promise<OpenWs> {
  const ws = await openWs(path, headers);
  if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
  return ws;
}

beforeAll(async () => {
  t = await startTestCloud('sqlite', { hosts: 1 });
  server = await bootActive(t, 'proxied-vm');
  novnc = t.cloud.endpoints.novncproxy!;
});

afterAll(async () => {
  for (const s of open) s.close();
  await t?.stop();
});

describe('nova-novncproxy', () => {
  it('relays RFB to the instance: handshake, its name, and a frame with its pixels', async () => {
    const ws = await openedWs(`/?token=${await novncToken()}`);
    expect(ws.protocol).toBe('binary');
    const stream = ws.stream;
    const init = await rfbHandshake(stream);
    expect(init).toMatchObject({ name: 'proxied-vm', width: 400, height: 240 });
    const frame = await requestFrame(stream, { x: 0, y: 0, w: init.width, h: init.height });
    const ink = countPixels(frame.pixels, CONSOLE_INK);
    expect(ink).toBeGreaterThan(500);
    expect(ink + countPixels(frame.pixels, CONSOLE_BACKGROUND)).toBe(init.width * init.height);
  });

  it("takes the token from noVNC's path parameter and from a cookie", async () => {
    const viaPath = await openedWs(`/websockify?path=${encodeURIComponent(`?token=${await novncToken()}`)}`);
    expect((await rfbHandshake(viaPath.stream)).name).toBe('proxied-vm');
    const viaCookie = await openedWs('/websockify', { cookie: `lang=en; token=${await novncToken()}` });
    expect((await rfbHandshake(viaCookie.stream)).name).toBe('proxied-vm');
  });

  it('refuses a missing, unknown or malformed token before any websocket opens', async () => {
    expect(await openWs('/')).toBe(403);
    expect(await openWs('/?token=0b7a2f0e-0000-4000-8000-000000000000')).toBe(403);
    expect(await openWs('/?token=%00%ff')).toBe(403);
  });

  it('refuses a token of another console type (XVP) on the noVNC proxy', async () => {
    const xvp = tokenOfUrl((await remoteConsole(t, server, 'vnc', 'xvpvnc')).body.remote_console.url);
    expect(await openWs(`/?token=${xvp}`)).toBe(403);
  });

  it("checks the Origin as Nova does: this host or [console] allowed_origins, with the token URL's scheme", async () => {
    const host = new URL(novnc).host;
    const ok = await openWs(`/?token=${await novncToken()}`, {
      origin: `http://${new URL(novnc).hostname}:9999`,
    });
    expect(typeof ok).not.toBe('number');
    expect(await openWs(`/?token=${await novncToken()}`, { origin: 'http://evil.example.com' })).toBe(403);
    expect(await openWs(`/?token=${await novncToken()}`, { origin: `https://${host}` })).toBe(403);
    expect(
      await openWs(`/?token=${await novncToken()}`, {
        origin: `https://${host}`,
        'x-forwarded-proto': 'http',
      }),
    ).not.toBe(403);
    expect(await openWs(`/?token=${await novncToken()}`, { origin: 'null' })).toBe(403);
  });

  it("serves the npm noVNC client: the page at Nova's URL and the RFB bundle", async () => {
    for (const page of ['/vnc_auto.html', '/vnc_lite.html', '/']) {
      const res = await fetch(`${novnc}${page}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('novnc/rfb.js');
    }
    const bundle = await fetch(`${novnc}/novnc/rfb.js`);
    expect(bundle.status).toBe(200);
    const js = await bundle.text();
    expect(js).toContain('window["RFB"]');
    expect(js).toContain('"decoders/raw.js"');
    expect((await fetch(`${novnc}/nothing-here.js`)).status).toBe(404);
    expect((await fetch(`${novnc}//evil.example.com/`)).status).toBe(400);
  });

  it('drops the relay when the instance is deleted', async () => {
    const doomed = await bootActive(t, 'short-lived');
    const token = tokenOfUrl((await remoteConsole(t, doomed, 'vnc', 'novnc')).body.remote_console.url);
    const ws = await openedWs(`/?token=${token}`);
    const closed = new Promise((r) => ws.once('close', r));
    await rfbHandshake(ws.stream);
    expect((await t.compute('DELETE', `/servers/${doomed}`)).status).toBe(204);
    await closed;
    expect(await openWs(`/?token=${token}`)).toBe(403);
  });
});

describe('nova-xvpvncproxy', () => {
  async function xvp(requestLine: string) {
    const { hostname, port } = new URL(t.cloud.endpoints.xvpvncproxy!);
    const socket = connect({ host: hostname, port: Number(port) });
    open.push({ close: () => socket.destroy() });
    await new Promise((r) => socket.once('connect', r));
    const reader = new ByteReader();
    const stream = tcpStream(socket, reader);
    socket.write(`${requestLine}\r\n\r\n`);
    return stream;
  }

  async function statusLine(stream: ReturnType<typeof tcpStream>): Promise<string> {
    let text = '';
    while (!text.includes('\r\n\r\n')) text += (await stream.reader.read(1)).toString('latin1');
    return text.split('\r\n')[0];
  }

  it('answers 200 to the CONNECT line with a good token, then speaks raw RFB', async () => {
    const url = (await remoteConsole(t, server, 'vnc', 'xvpvnc')).body.remote_console.url;
    const stream = await xvp(`CONNECT /console?token=${tokenOfUrl(url)} HTTP/1.1`);
    expect(await statusLine(stream)).toBe('HTTP/1.1 200 OK');
    const init = await rfbHandshake(stream);
    expect(init.name).toBe('proxied-vm');
    const frame = await requestFrame(stream, { x: 0, y: 0, w: 400, h: 240 });
    expect(countPixels(frame.pixels, CONSOLE_INK)).toBeGreaterThan(500);
  });

  it('is 400 Invalid Request without a token and 401 Not Authorized with a bad one', async () => {
    expect(await statusLine(await xvp('CONNECT /console HTTP/1.1'))).toBe('HTTP/1.1 400 Invalid Request');
    expect(await statusLine(await xvp(`CONNECT /console?token=${await novncToken()} HTTP/1.1`))).toBe(
      'HTTP/1.1 401 Not Authorized',
    );
    expect(await statusLine(await xvp('GET /console?token=nope HTTP/1.1'))).toBe(
      'HTTP/1.1 401 Not Authorized',
    );
  });
});

describe('nova-spicehtml5proxy', () => {
  it('serves the npm spice-html5 client', async () => {
    const res = await fetch(`${t.cloud.endpoints.spicehtml5proxy}/spice_auto.html`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('src/main.js');
    expect((await fetch(`${t.cloud.endpoints.spicehtml5proxy}/src/main.js`)).status).toBe(200);
    // A raw path (fetch would resolve the dots away) must not leave the client's directory.
    const { hostname, port } = new URL(t.cloud.endpoints.spicehtml5proxy!);
    const traversal = await new Promise<number>((resolve, reject) =>
      get({ host: hostname, port, path: '/../../../../../../etc/hostname' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject),
    );
    expect(traversal).toBe(404);
  });

  it('refuses a noVNC token', async () => {
    const ws = new WebSocket(
      `${t.cloud.endpoints.spicehtml5proxy!.replace('http', 'ws')}/?token=${await novncToken()}`,
    );
    ws.on('error', () => {});
    const status = await new Promise((resolve) =>
      ws.once('unexpected-response', (req, res) => {
        req.destroy();
        resolve(res.statusCode);
      }),
    );
    expect(status).toBe(403);
  });
});
