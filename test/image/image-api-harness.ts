/**
 * The embedded image API alone on a free port, on a throwaway database of
 * any dialect and a temporary store directory, with a small HTTP client
 * that authenticates the noauth2 way (`X-Auth-Token: <user>:<project>`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenImageApi, openEmbeddedImageService } from '@novats/server';
import { createTestDatabase, type Dialect } from '../support/databases.js';

export interface ImageApiHarness {
  readonly url: string;
  readonly storeDirectory: string;
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: any; bytes: Buffer }>;
  stop(): Promise<void>;
}

export async function startImageApi(dialect: Dialect, sizeCap = 1024 * 1024): Promise<ImageApiHarness> {
  const db = await createTestDatabase(dialect, 'novats_image');
  const storeDirectory = mkdtempSync(join(tmpdir(), 'novats-images-'));
  const opened = await openEmbeddedImageService({ connection: db.url, storeDirectory, sizeCap });
  const api = await listenImageApi(opened.service, { host: '127.0.0.1', port: 0 });
  return {
    url: api.url,
    storeDirectory,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
      if (opts.token !== '') headers['x-auth-token'] = opts.token ?? 'admin:admin';
      let body: string | Uint8Array | undefined;
      if (opts.body instanceof Uint8Array) {
        body = opts.body;
        headers['content-type'] ??= 'application/octet-stream';
      } else if (opts.body !== undefined) {
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${api.url}${path}`, { method, headers, body });
      const bytes = Buffer.from(await res.arrayBuffer());
      let parsed: unknown = bytes.toString('utf8');
      try {
        parsed = bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.status, headers: res.headers, body: parsed, bytes };
    },
    async stop() {
      await api.stop();
      await opened.close();
      await db.drop();
      rmSync(storeDirectory, { recursive: true, force: true });
    },
  };
}
