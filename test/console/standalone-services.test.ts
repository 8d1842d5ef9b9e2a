/**
 * nova-consoleauth, nova-novncproxy and nova-xvpvncproxy as their own
 * processes (the built commands, as an operator runs them) on RabbitMQ,
 * beside a cloud whose API hands out the tokens: the proxies ask
 * nova-consoleauth over the bus, reach the fake instance's VNC server, and
 * refuse bad tokens. No process logs a token. Heavy: it spawns processes.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { buildCommands, type ServiceProcess, spawnCommand } from '../support/deployment.js';
import { createRabbitVhost, deleteRabbitVhost, type RabbitVhost } from '../support/rabbitmq.js';
import { freePort } from '../support/zmq-proxy.js';
import { bootActive, remoteConsole, tokenOfUrl } from './console-support.js';
import { ByteReader, rfbHandshake, tcpStream } from './rfb-client.js';

const ROOT = join(__dirname, '..', '..');
let vhost: RabbitVhost;
let t: TestCloud;
let server: string;
const procs: ServiceProcess[] = [];
const tokens: string[] = [];
let ports: { novnc: number; xvp: number };

async function token(type: 'novnc' | 'xvpvnc'): Promise<string> {
  const res = await remoteConsole(t, server, 'vnc', type);
  expect(res.status).toBe(200);
  const tok = tokenOfUrl(res.body.remote_console.url);
  tokens.push(tok);
  return tok;
}

beforeAll(async () => {
  buildCommands();
  vhost = await createRabbitVhost('novats_console');
  t = await startTestCloud('sqlite', { hosts: 1, transportUrl: vhost.url, consoles: false });
  server = await bootActive(t, 'standalone-vm');
  ports = { novnc: await freePort(), xvp: await freePort() };
  const conf = join(
    t.cloud.databases.api.replace(/^sqlite:\/\/\//, '').replace(/nova_api\.sqlite$/, ''),
    'console.conf',
  );
  writeFileSync(
    conf,
    [
      '[DEFAULT]',
      `transport_url = ${vhost.url}`,
      'host = console-host',
      '[api_database]',
      `connection = ${t.cloud.databases.api}`,
      '[vnc]',
      'novncproxy_host = 127.0.0.1',
      `novncproxy_port = ${ports.novnc}`,
      'xvpvncproxy_host = 127.0.0.1',
      `xvpvncproxy_port = ${ports.xvp}`,
      '',
    ].join('\n'),
  );
  for (const binary of ['nova-consoleauth', 'nova-novncproxy', 'nova-xvpvncproxy']) {
    procs.push(await spawnCommand(binary, binary, ['--config-file', conf, '--debug']));
  }
}, 180_000);

afterAll(async () => {
  for (const p of procs) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => p.exited));
  await t?.stop();
  if (vhost) await deleteRabbitVhost(vhost);
});

describe('the console services as their own processes', () => {
  it('each command has --help naming what it reads', () => {
    for (const [binary, words] of [
      ['nova-consoleauth', 'consoleauth topic'],
      ['nova-novncproxy', '[vnc] novncproxy_host:novncproxy_port'],
      ['nova-spicehtml5proxy', '[spice] html5proxy_host:html5proxy_port'],
      ['nova-serialproxy', '[serial_console] serialproxy_host:serialproxy_port'],
      ['nova-xvpvncproxy', '[vnc] xvpvncproxy_host:xvpvncproxy_port'],
    ]) {
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'packages', 'cli', 'dist', `${binary}.cjs`), '--help'],
        {
          encoding: 'utf8',
        },
      );
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Usage: ${binary} [--config-file FILE]... [--debug]`);
      expect(r.stdout).toContain(words);
    }
  });

  it('nova-novncproxy relays a good token to the instance through nova-consoleauth', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${ports.novnc}/?token=${await token('novnc')}`, ['binary']);
    const reader = new ByteReader();
    ws.on('message', (d: Buffer) => reader.push(d));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const init = await rfbHandshake({ reader, write: (b) => ws.send(b) });
    expect(init.name).toBe('standalone-vm');
    ws.terminate();
  });

  it('nova-novncproxy refuses an unknown token', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${ports.novnc}/?token=${await token('xvpvnc')}x`);
    ws.on('error', () => {});
    const status = await new Promise((resolve) =>
      ws.once('unexpected-response', (req, res) => {
        req.destroy();
        resolve(res.statusCode);
      }),
    );
    expect(status).toBe(403);
  });

  it('nova-xvpvncproxy answers the XVP handshake and then raw RFB', async () => {
    const socket = connect({ host: '127.0.0.1', port: ports.xvp });
    await new Promise((r) => socket.once('connect', r));
    const stream = tcpStream(socket);
    socket.write(`CONNECT /console?token=${await token('xvpvnc')} HTTP/1.1\r\n\r\n`);
    expect((await stream.reader.read(19)).toString()).toBe('HTTP/1.1 200 OK\r\n\r\n');
    expect((await rfbHandshake(stream)).name).toBe('standalone-vm');
    socket.destroy();
  });

  it('nova-consoleauth registered itself, and no process logged a token', async () => {
    const services = await t.compute('GET', '/os-services?binary=nova-consoleauth');
    expect(services.body.services.map((s: { host: string }) => s.host)).toEqual(['console-host']);
    const logs = procs.map((p) => p.output()).join('\n');
    expect(logs).toMatch(/Checking that token is known: true/);
    expect(logs).toMatch(/Checking that token is known: false/);
    for (const tok of tokens) expect(logs).not.toContain(tok);
  });
});
