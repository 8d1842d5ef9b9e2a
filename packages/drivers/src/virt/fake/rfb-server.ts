/**
 * A small RFB (VNC) server for one fake guest, so that the console path
 * works without a hypervisor: RFB 3.3/3.7/3.8 handshake with the None
 * security type, ServerInit, and Raw-encoded framebuffer updates in the
 * pixel format the viewer set (any true-colour 8/16/32 bpp format).
 * Incremental update requests are held until the picture changes, as RFB
 * allows, so an idle viewer costs nothing. Input events are read and ignored.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Framebuffer } from './framebuffer.js';

interface PixelFormat {
  readonly bitsPerPixel: number;
  readonly bigEndian: boolean;
  readonly redMax: number;
  readonly greenMax: number;
  readonly blueMax: number;
  readonly redShift: number;
  readonly greenShift: number;
  readonly blueShift: number;
}

/** What the server announces: 32 bpp, depth 24, little endian, 0x00RRGGBB. */
const SERVER_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  bigEndian: false,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

const SECURITY_NONE = 1;
const ENCODING_RAW = 0;

/** Client-to-server message types (RFC 6143 section 7.5). */
const Msg = {
  SetPixelFormat: 0,
  SetEncodings: 2,
  FramebufferUpdateRequest: 3,
  KeyEvent: 4,
  PointerEvent: 5,
  ClientCutText: 6,
} as const;

function encodePixelFormat(f: PixelFormat): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt8(f.bitsPerPixel, 0);
  b.writeUInt8(f.bitsPerPixel === 32 ? 24 : f.bitsPerPixel, 1);
  b.writeUInt8(f.bigEndian ? 1 : 0, 2);
  b.writeUInt8(1, 3);
  b.writeUInt16BE(f.redMax, 4);
  b.writeUInt16BE(f.greenMax, 6);
  b.writeUInt16BE(f.blueMax, 8);
  b.writeUInt8(f.redShift, 10);
  b.writeUInt8(f.greenShift, 11);
  b.writeUInt8(f.blueShift, 12);
  return b;
}

function decodePixelFormat(b: Buffer): PixelFormat | null {
  const bitsPerPixel = b.readUInt8(0);
  // NOTE(scope): colour-map formats are refused; every viewer in use asks for true colour.
  if (![8, 16, 32].includes(bitsPerPixel) || b.readUInt8(3) !== 1) return null;
  return {
    bitsPerPixel,
    bigEndian: b.readUInt8(2) !== 0,
    redMax: b.readUInt16BE(4),
    greenMax: b.readUInt16BE(6),
    blueMax: b.readUInt16BE(8),
    redShift: b.readUInt8(10),
    greenShift: b.readUInt8(11),
    blueShift: b.readUInt8(12),
  };
}

/** The whole framebuffer in `f`, computed once per format and reused for every update. */
function encodeFramebuffer(fb: Framebuffer, f: PixelFormat): Buffer {
  const bytes = f.bitsPerPixel / 8;
  const out = Buffer.alloc(fb.width * fb.height * bytes);
  const used = (f.redMax << f.redShift) | (f.greenMax << f.greenShift) | (f.blueMax << f.blueShift);
  // NOTE(novnc-1.3): bits outside the colours are set; viewers ignore them, but noVNC 1.3 (Debian
  // 12) takes the padding byte of later Raw lines as alpha, and 0 there would draw them transparent.
  const padding = (~used >>> 0) & (bytes === 4 ? 0xffffffff : (1 << f.bitsPerPixel) - 1);
  for (let i = 0; i < fb.width * fb.height; i++) {
    const r = Math.round((fb.rgb[i * 3] * f.redMax) / 255);
    const g = Math.round((fb.rgb[i * 3 + 1] * f.greenMax) / 255);
    const b = Math.round((fb.rgb[i * 3 + 2] * f.blueMax) / 255);
    const v = ((r << f.redShift) | (g << f.greenShift) | (b << f.blueShift) | padding) >>> 0;
    if (bytes === 4) f.bigEndian ? out.writeUInt32BE(v, i * 4) : out.writeUInt32LE(v, i * 4);
    else if (bytes === 2)
      f.bigEndian ? out.writeUInt16BE(v & 0xffff, i * 2) : out.writeUInt16LE(v & 0xffff, i * 2);
    else out.writeUInt8(v & 0xff, i);
  }
  return out;
}

/** One viewer's connection: a byte-level state machine over what has arrived so far. */
class RfbSession {
  #pending: Buffer = Buffer.alloc(0);
  #state: 'version' | 'security' | 'init' | 'normal' = 'version';
  #minor = 8;
  #format: PixelFormat = SERVER_FORMAT;
  #encoded: Buffer | null = null;

  constructor(
    private readonly socket: Socket,
    private readonly fb: Framebuffer,
    private readonly name: string,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.#receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.write('RFB 003.008\n');
  }

  #receive(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    while (!this.socket.destroyed && this.#step()) {}
  }

  /** Takes `n` bytes when that many have arrived. */
  #take(n: number): Buffer | null {
    if (this.#pending.length < n) return null;
    const out = this.#pending.subarray(0, n);
    this.#pending = this.#pending.subarray(n);
    return out;
  }

  /** Handles one protocol step; false when more bytes are needed. */
  #step(): boolean {
    switch (this.#state) {
      case 'version':
        return this.#version();
      case 'security': {
        const chosen = this.#take(1);
        if (!chosen) return false;
        if (chosen[0] !== SECURITY_NONE) return this.#fail('unsupported security type');
        if (this.#minor >= 8) this.socket.write(Buffer.from([0, 0, 0, 0]));
        this.#state = 'init';
        return true;
      }
      case 'init':
        if (!this.#take(1)) return false;
        this.#serverInit();
        this.#state = 'normal';
        return true;
      case 'normal':
        return this.#message();
    }
  }

  #version(): boolean {
    const line = this.#take(12);
    if (!line) return false;
    const m = /^RFB 003\.00(\d)\n$/.exec(line.toString('latin1'));
    if (!m) return this.#fail('bad protocol version');
    this.#minor = Math.min(8, Number(m[1]));
    if (this.#minor < 7) {
      // RFB 3.3: the server picks the security type, and None has no result message.
      const b = Buffer.alloc(4);
      b.writeUInt32BE(SECURITY_NONE);
      this.socket.write(b);
      this.#state = 'init';
    } else {
      this.socket.write(Buffer.from([1, SECURITY_NONE]));
      this.#state = 'security';
    }
    return true;
  }

  #serverInit(): void {
    const name = Buffer.from(this.name, 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt16BE(this.fb.width, 0);
    head.writeUInt16BE(this.fb.height, 2);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(name.length);
    this.socket.write(Buffer.concat([head, encodePixelFormat(SERVER_FORMAT), len, name]));
  }

  #message(): boolean {
    if (this.#pending.length === 0) return false;
    switch (this.#pending[0]) {
      case Msg.SetPixelFormat: {
        const m = this.#take(20);
        if (!m) return false;
        const format = decodePixelFormat(m.subarray(4));
        if (!format) return this.#fail('unsupported pixel format');
        this.#format = format;
        this.#encoded = null;
        return true;
      }
      case Msg.SetEncodings: {
        if (this.#pending.length < 4) return false;
        const count = this.#pending.readUInt16BE(2);
        return this.#take(4 + 4 * count) !== null;
      }
      case Msg.FramebufferUpdateRequest: {
        const m = this.#take(10);
        if (!m) return false;
        // NOTE(rfb): the picture never changes, so an incremental request has nothing to send yet.
        if (m[1] === 0)
          this.#sendUpdate(m.readUInt16BE(2), m.readUInt16BE(4), m.readUInt16BE(6), m.readUInt16BE(8));
        return true;
      }
      case Msg.KeyEvent:
        return this.#take(8) !== null;
      case Msg.PointerEvent:
        return this.#take(6) !== null;
      case Msg.ClientCutText: {
        if (this.#pending.length < 8) return false;
        return this.#take(8 + this.#pending.readUInt32BE(4)) !== null;
      }
      default:
        return this.#fail('unknown message type');
    }
  }

  /** One FramebufferUpdate with one Raw rectangle, clipped to the screen. */
  #sendUpdate(x: number, y: number, w: number, h: number): void {
    const { width, height } = this.fb;
    const x0 = Math.min(x, width);
    const y0 = Math.min(y, height);
    const cw = Math.min(w, width - x0);
    const ch = Math.min(h, height - y0);
    this.#encoded ??= encodeFramebuffer(this.fb, this.#format);
    const bytes = this.#format.bitsPerPixel / 8;
    const out = Buffer.alloc(16 + cw * ch * bytes);
    out.writeUInt8(0, 0);
    out.writeUInt16BE(1, 2);
    out.writeUInt16BE(x0, 4);
    out.writeUInt16BE(y0, 6);
    out.writeUInt16BE(cw, 8);
    out.writeUInt16BE(ch, 10);
    out.writeInt32BE(ENCODING_RAW, 12);
    for (let row = 0; row < ch; row++) {
      const start = ((y0 + row) * width + x0) * bytes;
      this.#encoded.copy(out, 16 + row * cw * bytes, start, start + cw * bytes);
    }
    this.socket.write(out);
  }

  #fail(_why: string): boolean {
    this.socket.destroy();
    return false;
  }
}

/** A listening RFB server showing one framebuffer. */
export class RfbServer {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  private constructor(server: Server) {
    this.#server = server;
  }

  /** Listens on `host`, port 0 (a free one); the server does not keep the process alive. */
  static async listen(fb: Framebuffer, name: string, host = '127.0.0.1'): Promise<RfbServer> {
    const server = createServer();
    const rfb = new RfbServer(server);
    server.on('connection', (socket) => {
      rfb.#sockets.add(socket);
      socket.on('close', () => rfb.#sockets.delete(socket));
      new RfbSession(socket, fb, name);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    server.unref();
    return rfb;
  }

  get port(): number {
    return (this.#server.address() as { port: number }).port;
  }

  /** Stops listening and drops connected viewers. */
  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
