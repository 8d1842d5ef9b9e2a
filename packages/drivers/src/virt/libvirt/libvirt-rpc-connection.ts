/**
 * One connection to libvirtd's unix socket speaking the remote program:
 * numbered calls, replies matched by serial (several calls may be in flight),
 * virError replies turned into LibvirtError, and every pending call failed
 * with HypervisorUnavailable when the socket closes. Events and streams are
 * not used by Novats and are dropped.
 */
import { createConnection, type Socket } from 'node:net';
import { HypervisorUnavailable, LibvirtError, LibvirtProtocolError } from './libvirt-errors.js';
import {
  HEADER_BYTES,
  MAX_MESSAGE_BYTES,
  MessageStatus,
  MessageType,
  REMOTE_PROGRAM,
  REMOTE_PROTOCOL_VERSION,
  readError,
} from './remote-protocol.js';
import { XdrError, XdrReader, XdrWriter } from './xdr.js';

interface PendingCall {
  readonly procedure: number;
  resolve(reply: XdrReader): void;
  reject(err: Error): void;
}

export class LibvirtRpcConnection {
  readonly #socket: Socket;
  readonly #pending = new Map<number, PendingCall>();
  #serial = 0;
  #inbox: Buffer = Buffer.alloc(0);
  #closedBy: Error | null = null;

  private constructor(
    socket: Socket,
    readonly socketPath: string,
  ) {
    this.#socket = socket;
    socket.setNoDelay?.(true);
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (err) => this.#fail(this.#unavailable(err.message)));
    socket.on('close', () => this.#fail(this.#unavailable('the connection was closed')));
  }

  /** Connects to the socket; rejects with HypervisorUnavailable when nothing answers there. */
  static open(socketPath: string): Promise<LibvirtRpcConnection> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(socketPath);
      const onError = (err: Error) => {
        socket.destroy();
        reject(
          new HypervisorUnavailable(
            `Connection to libvirt failed: cannot connect to ${socketPath}: ${err.message}`,
          ),
        );
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(new LibvirtRpcConnection(socket, socketPath));
      });
    });
  }

  get isOpen(): boolean {
    return this.#closedBy === null;
  }

  /**
   * Calls `procedure` with the arguments `encode` writes; resolves with a
   * reader positioned at the reply body. Rejects with LibvirtError when the
   * daemon reports an error, HypervisorUnavailable when the connection is gone.
   */
  call(procedure: number, encode?: (w: XdrWriter) => void): Promise<XdrReader> {
    if (this.#closedBy) return Promise.reject(this.#closedBy);
    this.#serial = (this.#serial + 1) >>> 0;
    const serial = this.#serial;
    const w = new XdrWriter(128);
    w.uint(0)
      .uint(REMOTE_PROGRAM)
      .uint(REMOTE_PROTOCOL_VERSION)
      .int(procedure)
      .int(MessageType.CALL)
      .uint(serial)
      .int(MessageStatus.OK);
    encode?.(w);
    const message = w.bytes();
    message.writeUInt32BE(message.length, 0);
    return new Promise((resolve, reject) => {
      this.#pending.set(serial, { procedure, resolve, reject });
      this.#socket.write(message);
    });
  }

  /** Closes the socket; pending calls fail. Idempotent. */
  close(): void {
    this.#fail(this.#unavailable('the connection was closed by Novats'));
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    this.#inbox = this.#inbox.length === 0 ? chunk : Buffer.concat([this.#inbox, chunk]);
    while (this.#inbox.length >= 4) {
      const length = this.#inbox.readUInt32BE(0);
      if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
        this.#fail(new LibvirtProtocolError(`libvirtd sent a message of impossible length ${length}`));
        this.#socket.destroy();
        return;
      }
      if (this.#inbox.length < length) return;
      const message = this.#inbox.subarray(0, length);
      this.#inbox = this.#inbox.subarray(length);
      this.#dispatch(message);
    }
  }

  #dispatch(message: Buffer): void {
    const r = new XdrReader(message, 4);
    const program = r.uint();
    r.uint(); // version
    r.int(); // procedure
    const type = r.int();
    const serial = r.uint();
    const status = r.int();
    // NOTE(events): MESSAGE (events) and STREAM packets are not requested, so none are expected.
    if (program !== REMOTE_PROGRAM || type !== MessageType.REPLY) return;
    const pending = this.#pending.get(serial);
    if (!pending) return;
    this.#pending.delete(serial);
    if (status === MessageStatus.OK) {
      pending.resolve(r);
      return;
    }
    try {
      pending.reject(new LibvirtError(pending.procedure, readError(r)));
    } catch (err) {
      const detail = err instanceof XdrError ? err.message : String(err);
      pending.reject(new LibvirtProtocolError(`undecodable error reply: ${detail}`));
    }
  }

  #unavailable(reason: string): HypervisorUnavailable {
    return new HypervisorUnavailable(`Connection to libvirt at ${this.socketPath} lost: ${reason}`);
  }

  #fail(err: Error): void {
    if (this.#closedBy) return;
    this.#closedBy = err;
    for (const pending of this.#pending.values()) pending.reject(err);
    this.#pending.clear();
  }
}
