/**
 * The wire protocol between transports and `novats zmq-proxy`: ZeroMQ
 * multipart messages whose first frame is a fixed 9-byte header
 * (command u8, id u32 BE, arg u32 BE); strings (topic, server, method) and
 * the JSON body follow as frames of their own, so the proxy routes without
 * parsing the body and forwards those frames as they came (binary-safe).
 *
 *   transport -> proxy                       proxy -> transport
 *   PING     0, heartbeat ms                 PONG      0, 1 when the proxy knew us
 *   LISTEN   seq, listener  topic server     RECEIPT   seq (of LISTEN, UNLISTEN, CAST, FANOUT)
 *   UNLISTEN seq, listener                   DELIVER_CALL / DELIVER_CAST
 *   CALL     call id, ttl ms  topic server method body      delivery id, listener  method body
 *   CAST / FANOUT  seq  topic server method body            REPLY  call id, ok  body
 *   REPLY    delivery id, ok  body
 *   ACK      delivery id        REQUEUE  delivery id (taken by a stopped listener)
 *   BYE      (clean close: the proxy re-routes what this transport held)
 *   LISTEN may carry a 4th frame, the listener's direct endpoint (see below)
 *   RESOLVE  seq  topic server                DIRECTORY seq (0 when pushed), topic server  [[endpoint, listener]...]
 *                                             GONE      0  endpoint (its transport died or said BYE)
 *
 * Calls go direct when they can (2 hops instead of 4): a transport with
 * listeners binds a ROUTER of its own and names it in LISTEN; a caller asks
 * the proxy, the directory, for the direct consumers of `topic` or
 * `topic.server` (RESOLVE), keeps the answer, and is sent a new DIRECTORY
 * whenever it changes. Between a caller's DEALER and a listener's ROUTER:
 *
 *   caller -> listener                      listener -> caller
 *   CALL  call id, listener (| REDELIVERED_BIT)  method body
 *                                           REPLY   call id, ok  body
 *                                           BOUNCE  call id (listener stopped: route it elsewhere)
 */

export const Cmd = {
  PING: 1,
  PONG: 2,
  LISTEN: 3,
  UNLISTEN: 4,
  RECEIPT: 5,
  CALL: 6,
  CAST: 7,
  FANOUT: 8,
  DELIVER_CALL: 9,
  DELIVER_CAST: 10,
  REPLY: 11,
  ACK: 12,
  REQUEUE: 13,
  BYE: 14,
  RESOLVE: 15,
  DIRECTORY: 16,
  GONE: 17,
  BOUNCE: 18,
} as const;

export type CmdCode = (typeof Cmd)[keyof typeof Cmd];

export const HEADER_BYTES = 9;

/** Set in a DELIVER's listener id when the message was held by a listener that died (oslo's redelivered). */
export const REDELIVERED_BIT = 0x8000_0000;

/** A fresh header frame (ZeroMQ takes ownership of what it sends, so headers are not reused). */
export function header(cmd: CmdCode, id: number, arg = 0): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES);
  frame[0] = cmd;
  frame.writeUInt32BE(id >>> 0, 1);
  frame.writeUInt32BE(arg >>> 0, 5);
  return frame;
}

/** The command of a header frame, or 0 when the frame is not a header. */
export function commandOf(frame: Buffer | undefined): number {
  return frame !== undefined && frame.length === HEADER_BYTES ? frame[0] : 0;
}

export function idOf(frame: Buffer): number {
  return frame.readUInt32BE(1);
}

export function argOf(frame: Buffer): number {
  return frame.readUInt32BE(5);
}

/** Next value of a wrapping counter (u32, or below `max`), skipping 0 (0 means "no receipt wanted"). */
export function nextId(current: number, max = 0xffff_ffff): number {
  return current >= max ? 1 : current + 1;
}
