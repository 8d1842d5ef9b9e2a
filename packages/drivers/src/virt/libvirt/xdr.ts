/**
 * A small XDR codec (RFC 4506), the encoding of libvirt's RPC protocol:
 * big-endian 4-byte units, strings and opaques padded to 4 bytes, optional
 * data as a boolean followed by the value. Only what remote_protocol.x uses.
 */

const MAX_STRING = 4 * 1024 * 1024;

/** Encodes values into a growing buffer; `bytes()` returns what was written. */
export class XdrWriter {
  #buf: Buffer;
  #len = 0;

  constructor(initial = 256) {
    this.#buf = Buffer.allocUnsafe(initial);
  }

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#len + n));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }

  int(v: number): this {
    this.#reserve(4);
    this.#buf.writeInt32BE(v, this.#len);
    this.#len += 4;
    return this;
  }

  uint(v: number): this {
    this.#reserve(4);
    this.#buf.writeUInt32BE(v >>> 0, this.#len);
    this.#len += 4;
    return this;
  }

  bool(v: boolean): this {
    return this.int(v ? 1 : 0);
  }

  uhyper(v: bigint): this {
    this.#reserve(8);
    this.#buf.writeBigUInt64BE(v, this.#len);
    this.#len += 8;
    return this;
  }

  /** Fixed-length opaque (e.g. a 16-byte uuid): no length word, padded. */
  fixedOpaque(data: Uint8Array): this {
    const padded = (data.length + 3) & ~3;
    this.#reserve(padded);
    this.#buf.set(data, this.#len);
    this.#buf.fill(0, this.#len + data.length, this.#len + padded);
    this.#len += padded;
    return this;
  }

  /** Variable-length opaque: length word, data, padding. */
  opaque(data: Uint8Array): this {
    this.uint(data.length);
    return this.fixedOpaque(data);
  }

  string(s: string): this {
    return this.opaque(Buffer.from(s, 'utf8'));
  }

  /** `remote_string`: an optional string (pointer in the .x file). */
  optionalString(s: string | null): this {
    this.bool(s !== null);
    if (s !== null) this.string(s);
    return this;
  }

  bytes(): Buffer {
    return this.#buf.subarray(0, this.#len);
  }
}

/** Decodes values from one message body; reading past the end throws XdrError. */
export class XdrReader {
  #pos: number;

  constructor(
    private readonly buf: Buffer,
    offset = 0,
  ) {
    this.#pos = offset;
  }

  #need(n: number): void {
    if (this.#pos + n > this.buf.length) {
      throw new XdrError(
        `XDR message truncated: needed ${n} bytes at offset ${this.#pos} of ${this.buf.length}`,
      );
    }
  }

  int(): number {
    this.#need(4);
    const v = this.buf.readInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }

  uint(): number {
    this.#need(4);
    const v = this.buf.readUInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }

  bool(): boolean {
    return this.int() !== 0;
  }

  uhyper(): bigint {
    this.#need(8);
    const v = this.buf.readBigUInt64BE(this.#pos);
    this.#pos += 8;
    return v;
  }

  fixedOpaque(len: number): Buffer {
    const padded = (len + 3) & ~3;
    this.#need(padded);
    const out = this.buf.subarray(this.#pos, this.#pos + len);
    this.#pos += padded;
    return out;
  }

  opaque(): Buffer {
    const len = this.uint();
    if (len > MAX_STRING) throw new XdrError(`XDR opaque of ${len} bytes exceeds the limit`);
    return this.fixedOpaque(len);
  }

  string(): string {
    return this.opaque().toString('utf8');
  }

  optionalString(): string | null {
    return this.bool() ? this.string() : null;
  }

  /** A variable-length array: count word, then `count` items. */
  array<T>(item: (r: XdrReader) => T): T[] {
    const count = this.uint();
    if (count > MAX_STRING / 4) throw new XdrError(`XDR array of ${count} items exceeds the limit`);
    const out: T[] = [];
    for (let i = 0; i < count; i += 1) out.push(item(this));
    return out;
  }

  get remaining(): number {
    return this.buf.length - this.#pos;
  }
}

/** A message that does not decode as the protocol says it should. */
export class XdrError extends Error {
  override readonly name = 'XdrError';
}
