/**
 * SPICE and serial consoles of the fake driver, end to end: with `[spice]
 * enabled` and `[serial_console] enabled`, remote-consoles (and the older
 * os-getSPICEConsole / os-getSerialConsole actions) hand out URLs of
 * nova-spicehtml5proxy and nova-serialproxy; the websocket opens only with a
 * good token of the proxy's console type, and carries SPICE's link stage
 * (the fake SPICE server's "REDQ" reply with its RSA key) or the guest's
 * serial port (a login prompt that echoes).
 */
import { createPublicKey } from 'node:crypto';
import { NovaConfig } from '@novats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { bootActive, remoteConsole, tokenOfUrl } from './console-support.js';
import { ByteReader } from './rfb-client.js';

let t: TestCloud;
let server: string;
const open: WebSocket[] = [];

beforeAll(async () => {
  const config = NovaConfig.fromSources([
    { name: 'nova.conf', text: '[spice]\nenabled = True\n[serial_console]\nenabled = True\n' },
  ]);
  t = await startTestCloud('sqlite', { hosts: 1, config });
  server = await bootActive(t, 'spice-serial-vm');
});

afterAll(async () => {
  for (const ws of open) ws.terminate();
  await t?.stop();
});

/** Opens `url`; resolves the open socket with a reader of what it receives, or the refusing HTTP status. */
function openWs(url: string): Promise<{ ws: WebSocket; reader: ByteReader } | number> {
  const ws = new WebSocket(url, ['binary']);
  open.push(ws);
  const reader = new ByteReader();
  ws.on('message', (d: Buffer) => reader.push(d));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, reader }));
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    ws.on('error', reject);
  });
}

async function opened(url: string): Promise<{ ws: WebSocket; reader: ByteReader }> {
  const r = await openWs(url);
  if (typeof r === 'number') throw new Error(`refused with ${r}`);
  return r;
}

/** SpiceLinkHeader + SpiceLinkMess for the main channel, no capabilities. */
function spiceLinkMess(magic = 'REDQ'): Buffer {
  const mess = Buffer.alloc(18);
  mess.writeUInt8(1, 4); // channel_type SPICE_CHANNEL_MAIN
  mess.writeUInt32LE(18, 14); // caps_offset
  const header = Buffer.alloc(16);
  header.write(magic, 0, 'latin1');
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(2, 8);
  header.writeUInt32LE(mess.length, 12);
  return Buffer.concat([header, mess]);
}

describe('SPICE through nova-spicehtml5proxy', () => {
  it('hands out a spice-html5 URL of the proxy, and the pre-2.6 action does too', async () => {
    const res = await remoteConsole(t, server, 'spice', 'spice-html5');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const url = new URL(res.body.remote_console.url);
    expect(url.origin).toBe(t.cloud.endpoints.spicehtml5proxy);
    expect(url.pathname).toBe('/spice_auto.html');
    const old = await t.compute('POST', `/servers/${server}/action`, {
      'os-getSPICEConsole': { type: 'spice-html5' },
    });
    expect(old.status).toBe(200);
    expect(old.body.console).toMatchObject({ type: 'spice-html5' });
    expect(tokenOfUrl(old.body.console.url)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("relays SPICE's link stage to the fake guest's SPICE server", async () => {
    const token = tokenOfUrl(
      (await remoteConsole(t, server, 'spice', 'spice-html5')).body.remote_console.url,
    );
    const { ws, reader } = await opened(
      `${t.cloud.endpoints.spicehtml5proxy!.replace('http', 'ws')}/?token=${token}`,
    );
    ws.send(spiceLinkMess());
    const header = await reader.read(16);
    expect(header.toString('latin1', 0, 4)).toBe('REDQ');
    expect([header.readUInt32LE(4), header.readUInt32LE(8)]).toEqual([2, 2]);
    const reply = await reader.read(header.readUInt32LE(12));
    expect(reply.readUInt32LE(0)).toBe(0); // SPICE_LINK_ERR_OK
    const key = createPublicKey({ key: reply.subarray(4, 166), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(1024);
    ws.send(Buffer.alloc(128)); // the encrypted ticket; the fake guest has no password
    expect((await reader.read(4)).readUInt32LE(0)).toBe(0);
  });

  it('answers a bad magic with SPICE_LINK_ERR_INVALID_MAGIC', async () => {
    const token = tokenOfUrl(
      (await remoteConsole(t, server, 'spice', 'spice-html5')).body.remote_console.url,
    );
    const { ws, reader } = await opened(
      `${t.cloud.endpoints.spicehtml5proxy!.replace('http', 'ws')}/?token=${token}`,
    );
    ws.send(spiceLinkMess('XXXX'));
    const header = await reader.read(16);
    expect((await reader.read(header.readUInt32LE(12))).readUInt32LE(0)).toBe(2);
  });

  it('refuses a noVNC token, an unknown token and none', async () => {
    const base = t.cloud.endpoints.spicehtml5proxy!.replace('http', 'ws');
    const novnc = tokenOfUrl((await remoteConsole(t, server, 'vnc', 'novnc')).body.remote_console.url);
    expect(await openWs(`${base}/?token=${novnc}`)).toBe(403);
    expect(await openWs(`${base}/?token=0b7a2f0e-0000-4000-8000-000000000000`)).toBe(403);
    expect(await openWs(`${base}/`)).toBe(403);
  });
});

describe('the serial console through nova-serialproxy', () => {
  it('hands out ws://<nova-serialproxy>/?token=..., and the pre-2.6 action does too', async () => {
    const res = await remoteConsole(t, server, 'serial', 'serial');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const url = new URL(res.body.remote_console.url);
    expect(`${url.protocol}//${url.host}`).toBe(t.cloud.endpoints.serialproxy!.replace('http', 'ws'));
    expect(url.searchParams.get('token')).toMatch(/^[0-9a-f-]{36}$/);
    const old = await t.compute('POST', `/servers/${server}/action`, {
      'os-getSerialConsole': { type: 'serial' },
    });
    expect(old.status).toBe(200);
    expect(old.body.console).toMatchObject({ type: 'serial' });
  });

  it("relays the guest's serial port: its login prompt, then what is typed, echoed", async () => {
    const url = (await remoteConsole(t, server, 'serial', 'serial')).body.remote_console.url;
    const { ws, reader } = await opened(url);
    const prompt = '\r\nspice-serial-vm login: ';
    expect((await reader.read(prompt.length)).toString('latin1')).toBe(prompt);
    ws.send(Buffer.from('root'));
    expect((await reader.read(4)).toString('latin1')).toBe('root');
  });

  it('refuses a SPICE token and an unknown one, and serves no web page', async () => {
    const base = t.cloud.endpoints.serialproxy!.replace('http', 'ws');
    const spice = tokenOfUrl(
      (await remoteConsole(t, server, 'spice', 'spice-html5')).body.remote_console.url,
    );
    expect(await openWs(`${base}/?token=${spice}`)).toBe(403);
    expect(await openWs(`${base}/?token=0b7a2f0e-0000-4000-8000-000000000000`)).toBe(403);
    expect((await fetch(`${t.cloud.endpoints.serialproxy}/`)).status).toBe(404);
  });
});
