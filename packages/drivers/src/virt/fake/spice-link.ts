/**
 * The link stage of SPICE (spice-protocol's SpiceLinkHeader, SpiceLinkMess,
 * SpiceLinkReply; all little endian) for the fake driver's SPICE consoles,
 * so that a SPICE client through nova-spicehtml5proxy gets a real answer:
 * the client's "REDQ" 2.2 link message is answered with a link reply
 * carrying an RSA 1024 public key and no capabilities; the client's 128-byte
 * encrypted ticket is accepted (the fake guest has no password, as QEMU with
 * `disable-ticketing`) with SPICE_LINK_ERR_OK. The fake guest has no display
 * channels, so nothing is sent after that; a bad magic or version is
 * answered with the link error and the connection closed.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Socket } from 'node:net';

/** "REDQ" read as a little-endian uint32. */
export const SPICE_MAGIC = 0x51444552;
export const SPICE_VERSION_MAJOR = 2;
export const SPICE_VERSION_MINOR = 2;
/** SPICE_TICKET_PUBKEY_BYTES: an RSA 1024 SubjectPublicKeyInfo in DER. */
const PUBKEY_BYTES = 162;
const TICKET_BYTES = 128;
const HEADER_BYTES = 16;

export const SpiceLinkError = {
  OK: 0,
  ERROR: 1,
  INVALID_MAGIC: 2,
  INVALID_DATA: 3,
  VERSION_MISMATCH: 4,
} as const;

let key: KeyObject | null = null;
/** One key for every fake console of the process: RSA generation costs tens of milliseconds. */
function publicKeyDer(): Buffer {
  key ??= generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
  return key.export({ type: 'spki', format: 'der' });
}

function header(size: number): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  b.writeUInt32LE(SPICE_MAGIC, 0);
  b.writeUInt32LE(SPICE_VERSION_MAJOR, 4);
  b.writeUInt32LE(SPICE_VERSION_MINOR, 8);
  b.writeUInt32LE(size, 12);
  return b;
}

function linkReply(error: number): Buffer {
  const body = Buffer.alloc(4 + PUBKEY_BYTES + 12);
  body.writeUInt32LE(error, 0);
  if (error === SpiceLinkError.OK) publicKeyDer().copy(body, 4);
  // num_common_caps = num_channel_caps = 0; caps_offset points past the fixed part.
  body.writeUInt32LE(body.length, 4 + PUBKEY_BYTES + 8);
  return Buffer.concat([header(body.length), body]);
}

/** Serves the link stage on `socket`. */
export function spiceLinkSession(socket: Socket): void {
  let buf = Buffer.alloc(0);
  let stage: 'link' | 'ticket' | 'linked' = 'link';
  socket.on('data', (chunk: Buffer) => {
    if (stage === 'linked') return;
    buf = Buffer.concat([buf, chunk]);
    if (stage === 'link') {
      if (buf.length < HEADER_BYTES) return;
      if (buf.readUInt32LE(0) !== SPICE_MAGIC)
        return void socket.end(linkReply(SpiceLinkError.INVALID_MAGIC));
      if (buf.readUInt32LE(4) !== SPICE_VERSION_MAJOR) {
        return void socket.end(linkReply(SpiceLinkError.VERSION_MISMATCH));
      }
      const size = buf.readUInt32LE(12);
      if (size > 4096) return void socket.end(linkReply(SpiceLinkError.INVALID_DATA));
      if (buf.length < HEADER_BYTES + size) return;
      buf = buf.subarray(HEADER_BYTES + size);
      stage = 'ticket';
      socket.write(linkReply(SpiceLinkError.OK));
    }
    if (stage === 'ticket' && buf.length >= TICKET_BYTES) {
      stage = 'linked';
      const result = Buffer.alloc(4);
      result.writeUInt32LE(SpiceLinkError.OK);
      socket.write(result);
    }
  });
}
