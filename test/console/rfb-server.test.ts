/**
 * The fake driver's RFB server on its own: the 3.8 handshake with None,
 * ServerInit with the guest's name, Raw updates of the drawn name in the
 * viewer's pixel format, and the older 3.3 handshake.
 */
import { connect, type Socket } from 'node:net';
import { CONSOLE_BACKGROUND, CONSOLE_INK, drawConsoleScreen, RfbServer } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPixels, requestFrame, rfbHandshake, tcpStream } from './rfb-client.js';

let server: RfbServer;
const sockets: Socket[] = [];

async function open() {
  const socket = connect({ host: '127.0.0.1', port: server.port });
  sockets.push(socket);
  await new Promise((r) => socket.once('connect', r));
  return { socket, stream: tcpStream(socket) };
}

beforeAll(async () => {
  server = await RfbServer.listen(drawConsoleScreen('vm-42'), 'vm-42');
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await server.close();
});

describe('fake RFB server', () => {
  it('handshakes RFB 3.8 with None and names the guest in ServerInit', async () => {
    const { stream } = await open();
    const init = await rfbHandshake(stream);
    expect(init).toEqual({ width: 400, height: 240, bitsPerPixel: 32, name: 'vm-42' });
  });

  it('sends the drawn name as Raw pixels: background and ink, nothing else', async () => {
    const { stream } = await open();
    await rfbHandshake(stream);
    const frame = await requestFrame(stream, { x: 0, y: 0, w: 400, h: 240 });
    expect(frame).toMatchObject({ x: 0, y: 0, w: 400, h: 240 });
    const ink = countPixels(frame.pixels, CONSOLE_INK);
    const background = countPixels(frame.pixels, CONSOLE_BACKGROUND);
    expect(ink).toBeGreaterThan(500);
    expect(ink + background).toBe(400 * 240);
    // The corner is background, the centre row crosses the letters.
    expect(countPixels(frame.pixels.subarray(0, 4 * 10), CONSOLE_BACKGROUND)).toBe(10);
  });

  it('draws different names differently', () => {
    const a = drawConsoleScreen('alpha');
    const b = drawConsoleScreen('bravo');
    expect(Buffer.from(a.rgb).equals(Buffer.from(b.rgb))).toBe(false);
  });

  it('clips a request past the edge to the screen', async () => {
    const { stream } = await open();
    await rfbHandshake(stream);
    const frame = await requestFrame(stream, { x: 390, y: 230, w: 50, h: 50 });
    expect(frame).toMatchObject({ x: 390, y: 230, w: 10, h: 10 });
  });

  it('honours SetPixelFormat (16 bpp big-endian 5-6-5)', async () => {
    const { stream } = await open();
    await rfbHandshake(stream);
    const msg = Buffer.alloc(20);
    msg.writeUInt8(0, 0);
    const pf = msg.subarray(4);
    pf.writeUInt8(16, 0);
    pf.writeUInt8(16, 1);
    pf.writeUInt8(1, 2);
    pf.writeUInt8(1, 3);
    pf.writeUInt16BE(31, 4);
    pf.writeUInt16BE(63, 6);
    pf.writeUInt16BE(31, 8);
    pf.writeUInt8(11, 10);
    pf.writeUInt8(5, 11);
    pf.writeUInt8(0, 12);
    stream.write(msg);
    const frame = await requestFrame(stream, { x: 0, y: 0, w: 1, h: 1 }, 2);
    const [r, g, b] = CONSOLE_BACKGROUND;
    const want =
      (Math.round((r * 31) / 255) << 11) | (Math.round((g * 63) / 255) << 5) | Math.round((b * 31) / 255);
    expect(frame.pixels.readUInt16BE(0)).toBe(want);
  });

  it('speaks RFB 3.3 to an old viewer (server-chosen None, no security result)', async () => {
    const { socket, stream } = await open();
    expect((await stream.reader.read(12)).toString()).toBe('RFB 003.008\n');
    socket.write('RFB 003.003\n');
    expect((await stream.reader.read(4)).readUInt32BE(0)).toBe(1);
    socket.write(Buffer.from([0]));
    const init = await stream.reader.read(24);
    expect(init.readUInt16BE(0)).toBe(400);
  });

  it('drops a viewer that sends garbage', async () => {
    const { socket, stream } = await open();
    await stream.reader.read(12);
    socket.write('HELLO WORLD\n');
    await expect(stream.reader.read(1)).rejects.toThrow(/closed/);
  });
});
