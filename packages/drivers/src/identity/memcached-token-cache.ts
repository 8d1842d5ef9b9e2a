/**
 * The token cache in memcached (`[keystone_authtoken] memcached_servers`),
 * over memcached's text protocol on one connection per server, the key's
 * hash choosing the server. Any failure (refused, timed out, closed) makes
 * the request a cache miss and switches to the in-process cache for a
 * while: an unreachable memcached is logged, never fatal.
 */
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { Logger } from '@novats/core';
import { InProcessTokenCache, type TokenCache, type TokenCacheEntry } from './token-cache.js';

const RETRY_MS = 30_000;
const TIMEOUT_MS = 500;

type Pending = { resolve: (lines: Buffer) => void; reject: (err: Error) => void; terminal: RegExp };

/** One memcached connection with in-order replies. */
class MemcachedConnection {
  #socket: Socket | undefined;
  #buffer = Buffer.alloc(0);
  readonly #queue: Pending[] = [];

  constructor(
    readonly host: string,
    readonly port: number,
  ) {}

  #open(): Promise<Socket> {
    if (this.#socket && !this.#socket.destroyed) return Promise.resolve(this.#socket);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => socket.destroy(new Error('connect timeout')), TIMEOUT_MS);
      socket.once('connect', () => {
        clearTimeout(timer);
        this.#socket = socket;
        resolve(socket);
      });
      socket.on('data', (chunk) => this.#onData(chunk));
      socket.on('error', (err) => {
        clearTimeout(timer);
        this.#fail(err);
        reject(err);
      });
      socket.on('close', () => this.#fail(new Error('connection closed')));
    });
  }

  #fail(err: Error): void {
    this.#socket = undefined;
    this.#buffer = Buffer.alloc(0);
    for (const p of this.#queue.splice(0)) p.reject(err);
  }

  #onData(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    while (this.#queue.length > 0) {
      const text = this.#buffer.toString('latin1');
      const m = this.#queue[0].terminal.exec(text);
      if (!m) return;
      const end = m.index + m[0].length;
      const reply = this.#buffer.subarray(0, end);
      this.#buffer = this.#buffer.subarray(end);
      this.#queue.shift()!.resolve(reply);
    }
  }

  async send(command: Buffer, terminal: RegExp): Promise<Buffer> {
    const socket = await this.#open();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy(new Error('timeout'));
      }, TIMEOUT_MS);
      this.#queue.push({
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
        terminal,
      });
      socket.write(command);
    });
  }

  close(): void {
    this.#socket?.destroy();
  }
}

/** `host:port` entries of memcached_servers (IPv6 as `[::1]:11211` or `inet6:[::1]:11211`). */
function parseServer(entry: string): { host: string; port: number } {
  const e = entry.trim().replace(/^inet6?:/, '');
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(e);
  if (bracket) return { host: bracket[1], port: Number(bracket[2] ?? 11211) };
  const i = e.lastIndexOf(':');
  return i > 0 ? { host: e.slice(0, i), port: Number(e.slice(i + 1)) } : { host: e, port: 11211 };
}

export class MemcachedTokenCache implements TokenCache {
  readonly #servers: MemcachedConnection[];
  readonly #fallback = new InProcessTokenCache();
  #downUntil = 0;

  constructor(
    servers: readonly string[],
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.#servers = servers.map((s) => {
      const { host, port } = parseServer(s);
      return new MemcachedConnection(host, port);
    });
  }

  #server(key: string): MemcachedConnection {
    const h = createHash('md5').update(key).digest().readUInt32BE(0);
    return this.#servers[h % this.#servers.length];
  }

  #down(err: unknown, server: MemcachedConnection): void {
    if (this.now() >= this.#downUntil) {
      this.log.warning(
        `[keystone_authtoken] memcached_servers: ${server.host}:${server.port} is unreachable (${(err as Error).message}); caching tokens in this process for now`,
      );
    }
    this.#downUntil = this.now() + RETRY_MS;
  }

  async get(key: string): Promise<TokenCacheEntry | undefined> {
    if (this.now() < this.#downUntil) return this.#fallback.get(key);
    const server = this.#server(key);
    try {
      const reply = await server.send(Buffer.from(`get novats/token/${key}\r\n`), /END\r\n/);
      const eol = reply.indexOf('\r\n');
      const header = /^VALUE \S+ \d+ (\d+)$/.exec(reply.subarray(0, eol).toString('latin1'));
      if (!header) return undefined;
      const raw = reply.subarray(eol + 2, eol + 2 + Number(header[1]));
      return JSON.parse(raw.toString('utf8')) as TokenCacheEntry;
    } catch (err) {
      this.#down(err, server);
      return this.#fallback.get(key);
    }
  }

  async set(key: string, entry: TokenCacheEntry): Promise<void> {
    if (this.now() < this.#downUntil) return this.#fallback.set(key, entry);
    const server = this.#server(key);
    const data = Buffer.from(JSON.stringify(entry), 'utf8');
    const ttl = Math.max(1, Math.ceil((entry.until - this.now()) / 1000));
    try {
      await server.send(
        Buffer.concat([
          Buffer.from(`set novats/token/${key} 0 ${ttl} ${data.length}\r\n`),
          data,
          Buffer.from('\r\n'),
        ]),
        /(STORED|NOT_STORED|SERVER_ERROR[^\r]*|CLIENT_ERROR[^\r]*|ERROR)\r\n/,
      );
    } catch (err) {
      this.#down(err, server);
      this.#fallback.set(key, entry);
    }
  }

  async delete(key: string): Promise<void> {
    this.#fallback.delete(key);
    if (this.now() < this.#downUntil) return;
    const server = this.#server(key);
    await server
      .send(Buffer.from(`delete novats/token/${key}\r\n`), /(DELETED|NOT_FOUND)\r\n/)
      .catch(() => {});
  }

  clear(): void {
    this.#fallback.clear();
  }

  async close(): Promise<void> {
    for (const s of this.#servers) s.close();
  }
}
