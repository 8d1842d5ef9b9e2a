#!/usr/bin/env node
// Console proxy benchmark: what nova-novncproxy adds to a VNC frame round
// trip. A viewer sends an RFB FramebufferUpdateRequest and waits for the
// whole Raw update, (a) straight to the fake driver's RFB server over TCP and
// (b) through the websocket proxy (token checked once at connect, then the
// relay); the difference of the medians is the proxy's cost per frame.
// Sizes: a 64x64 tile (16 KiB) and the whole 400x240 screen (375 KiB).
// Build first: node scripts/bootstrap.mjs
//   node bench/console-proxy.bench.mjs [--frames 2000] [--warmup 200]
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { drawConsoleScreen, RfbServer } from '../packages/drivers/dist/index.js';
import { startWebsocketProxy } from '../packages/server/dist/index.js';

const { values } = parseArgs({
  options: { frames: { type: 'string', default: '2000' }, warmup: { type: 'string', default: '200' } },
});
const FRAMES = Number(values.frames);
const WARMUP = Number(values.warmup);
const silent = { debug() {}, info() {}, warning() {}, error() {} };

/** Exact-size reads over a chunk stream. */
function reader() {
  let buf = Buffer.alloc(0);
  let want = null;
  return {
    push(chunk) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      if (want && buf.length >= want.n) {
        const w = want;
        want = null;
        w.resolve(this.take(w.n));
      }
    },
    take(n) {
      const out = buf.subarray(0, n);
      buf = buf.subarray(n);
      return out;
    },
    read(n) {
      if (buf.length >= n) return Promise.resolve(this.take(n));
      return new Promise((resolve) => {
        want = { n, resolve };
      });
    },
  };
}

async function handshake(r, write) {
  await r.read(12);
  write(Buffer.from('RFB 003.008\n'));
  const count = (await r.read(1))[0];
  await r.read(count);
  write(Buffer.from([1]));
  await r.read(4);
  write(Buffer.from([1]));
  const init = await r.read(24);
  await r.read(init.readUInt32BE(20));
}

function request(w, h) {
  const b = Buffer.alloc(10);
  b.writeUInt8(3, 0);
  b.writeUInt16BE(w, 6);
  b.writeUInt16BE(h, 8);
  return b;
}

async function roundTrips(r, write, w, h) {
  const size = 16 + w * h * 4;
  const req = request(w, h);
  const times = [];
  for (let i = 0; i < WARMUP + FRAMES; i++) {
    const t0 = process.hrtime.bigint();
    write(req);
    await r.read(size);
    if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)],
    p99: times[Math.floor(times.length * 0.99)],
    mean: times.reduce((a, b) => a + b, 0) / times.length,
  };
}

const rfb = await RfbServer.listen(drawConsoleScreen('bench-vm'), 'bench-vm');
const proxy = await startWebsocketProxy({
  name: 'nova-novncproxy',
  host: '127.0.0.1',
  port: 0,
  consoleTypes: ['novnc'],
  allowedOrigins: [],
  site: async () => ({ status: 404, contentType: 'text/plain', body: '' }),
  logger: silent,
  authority: async (token) =>
    token === 'bench'
      ? {
          instance_uuid: 'bench',
          console_type: 'novnc',
          host: '127.0.0.1',
          port: rfb.port,
          internal_access_path: null,
          access_url_base: 'http://127.0.0.1/vnc_auto.html',
        }
      : null,
});

const direct = connect({ host: '127.0.0.1', port: rfb.port });
direct.setNoDelay(true);
const dr = reader();
direct.on('data', (c) => dr.push(c));
await new Promise((r) => direct.once('connect', r));
await handshake(dr, (b) => direct.write(b));

const ws = new WebSocket(`${proxy.url.replace('http', 'ws')}/?token=bench`, ['binary'], {
  perMessageDeflate: false,
});
const wr = reader();
ws.on('message', (d) => wr.push(d));
await new Promise((r, j) => {
  ws.once('open', r);
  ws.once('error', j);
});
await handshake(wr, (b) => ws.send(b));

const fmt = (x) => `${x.toFixed(3)} ms`;
console.log(`${FRAMES} frame round trips each (after ${WARMUP} warm-up), Node ${process.version}`);
console.log('| frame | direct TCP median / p99 | through nova-novncproxy median / p99 | added (median) |');
console.log('|---|---|---|---|');
for (const [label, w, h] of [
  ['64x64 tile (16 KiB)', 64, 64],
  ['400x240 screen (375 KiB)', 400, 240],
]) {
  const a = await roundTrips(dr, (b) => direct.write(b), w, h);
  const b = await roundTrips(wr, (x) => ws.send(x), w, h);
  console.log(
    `| ${label} | ${fmt(a.median)} / ${fmt(a.p99)} | ${fmt(b.median)} / ${fmt(b.p99)} | ${fmt(b.median - a.median)} |`,
  );
}
ws.terminate();
direct.destroy();
await proxy.stop();
await rfb.close();
