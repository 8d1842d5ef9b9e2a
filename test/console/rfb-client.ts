/**
 * A minimal RFB client for the console tests: the 3.8 handshake with the
 * None security type, ServerInit, and Raw framebuffer updates, over any
 * byte stream (a websocket through a proxy, or a TCP socket).
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** Reads exact byte counts from a stream of chunks. */
export class ByteReader {
  #buf: Buffer = Buffer.alloc(0);
  #waiting: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  #closed = false;

  push(chunk: Buffer): void {
    this.#buf = Buffer.concat([this.#buf, chunk]);
    this.#wake();
  }

  close(): void {
    this.#closed = true;
    this.#wake();
  }

  read(n: number, timeoutMs = 5000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out reading ${n} bytes`)), timeoutMs);
      this.#waiting = {
        n,
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.#wake();
    });
  }

  #wake(): void {
    const w = this.#waiting;
    if (!w) return;
    if (this.#buf.length >= w.n) {
      this.#waiting = null;
      const out = this.#buf.subarray(0, w.n);
      this.#buf = this.#buf.subarray(w.n);
      w.resolve(Buffer.from(out));
    } else if (this.#closed) {
      this.#waiting = null;
      w.reject(new Error('stream closed'));
    }
  }
}

export interface RfbStream {
  readonly reader: ByteReader;
  write(b: Buffer): void;
}

export function wsStream(ws: WebSocket): RfbStream {
  const reader = new ByteReader();
  ws.on('message', (data: Buffer) => reader.push(data));
  ws.on('close', () => reader.close());
  return { reader, write: (b) => ws.send(b) };
}

export function tcpStream(socket: Socket, reader = new ByteReader()): RfbStream {
  socket.on('data', (d) => reader.push(d));
  socket.on('close', () => reader.close());
  return { reader, write: (b) => socket.write(b) };
}

export interface ServerInit {
  readonly width: number;
  readonly height: number;
  readonly bitsPerPixel: number;
  readonly name: string;
}

/** Handshake as an RFB 3.8 client choosing None; resolves ServerInit. */
export async function rfbHandshake(s: RfbStream): Promise<ServerInit> {
  const version = (await s.reader.read(12)).toString('latin1');
  if (version !== 'RFB 003.008\n') throw new Error(`unexpected version ${JSON.stringify(version)}`);
  s.write(Buffer.from('RFB 003.008\n', 'latin1'));
  const count = (await s.reader.read(1))[0];
  const types = [...(await s.reader.read(count))];
  if (!types.includes(1)) throw new Error(`no None security type in ${types}`);
  s.write(Buffer.from([1]));
  const result = (await s.reader.read(4)).readUInt32BE(0);
  if (result !== 0) throw new Error(`security result ${result}`);
  s.write(Buffer.from([1]));
  const init = await s.reader.read(24);
  const name = await s.reader.read(init.readUInt32BE(20));
  return {
    width: init.readUInt16BE(0),
    height: init.readUInt16BE(2),
    bitsPerPixel: init.readUInt8(4),
    name: name.toString('utf8'),
  };
}

/** Sends a FramebufferUpdateRequest and reads the single Raw rectangle back (32 bpp). */
export async function requestFrame(
  s: RfbStream,
  rect: { x: number; y: number; w: number; h: number },
  bytesPerPixel = 4,
): Promise<{ x: number; y: number; w: number; h: number; pixels: Buffer }> {
  const req = Buffer.alloc(10);
  req.writeUInt8(3, 0);
  req.writeUInt8(0, 1);
  req.writeUInt16BE(rect.x, 2);
  req.writeUInt16BE(rect.y, 4);
  req.writeUInt16BE(rect.w, 6);
  req.writeUInt16BE(rect.h, 8);
  s.write(req);
  const head = await s.reader.read(4);
  if (head[0] !== 0) throw new Error(`message type ${head[0]} is not FramebufferUpdate`);
  const r = await s.reader.read(12);
  const w = r.readUInt16BE(4);
  const h = r.readUInt16BE(6);
  if (r.readInt32BE(8) !== 0) throw new Error('not Raw encoding');
  const pixels = await s.reader.read(w * h * bytesPerPixel);
  return { x: r.readUInt16BE(0), y: r.readUInt16BE(2), w, h, pixels };
}

/** Counts 32-bpp little-endian 0x00RRGGBB pixels of the colour `rgb`. */
export function countPixels(pixels: Buffer, rgb: readonly [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 2] === rgb[0] && pixels[i + 1] === rgb[1] && pixels[i] === rgb[2]) n++;
  }
  return n;
}
