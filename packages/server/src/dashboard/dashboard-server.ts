/**
 * The dashboard's web server: the built single-page app (gzipped once, in
 * memory, when the browser accepts it) and a reverse proxy of the public APIs
 * under its own origin, `/proxy/<service-type>/<path>`, so that the browser
 * talks to this one origin and the APIs need no CORS. `/config.json` tells the
 * app which services are reachable and whether an identity service exists
 * (without one, noauth2 tokens `user:project` are used).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DASHBOARD_SERVICE_TYPES,
  type DashboardServiceType,
  publicEndpointsOf,
  type Upstreams,
  upstreamRoot,
} from './dashboard-upstreams.js';

export interface DashboardServerOptions {
  /** The built app (`packages/dashboard/dist`); a notice page is served when it is missing. */
  readonly staticDir: string;
  /** Catalog URLs of the APIs known up front (others are learned from the first token's catalog). */
  readonly endpoints: Upstreams;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
}

export interface RunningDashboard {
  /** `http://host:port` (no trailing slash). */
  readonly url: string;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// NOTE(hop-by-hop): RFC 9110 7.6.1 headers are the connection's, never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
]);

interface StaticFile {
  readonly body: Buffer;
  readonly gzipped: Buffer | null;
  readonly type: string;
  readonly mtimeMs: number;
}

export async function startDashboardServer(opts: DashboardServerOptions): Promise<RunningDashboard> {
  const upstreams: Upstreams = {};
  for (const type of DASHBOARD_SERVICE_TYPES) {
    const url = opts.endpoints[type];
    if (url) upstreams[type] = upstreamRoot(type, url);
  }
  const files = new Map<string, StaticFile>();

  function staticFile(path: string): StaticFile | null {
    if (!existsSync(path) || !statSync(path).isFile()) return null;
    const mtimeMs = statSync(path).mtimeMs;
    const cached = files.get(path);
    if (cached && cached.mtimeMs === mtimeMs) return cached;
    const body = readFileSync(path);
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const compressible = /text|json|svg/.test(type) && body.length > 512;
    const file = { body, gzipped: compressible ? gzipSync(body, { level: 9 }) : null, type, mtimeMs };
    files.set(path, file);
    return file;
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const root = normalize(opts.staticDir);
    const wanted = normalize(join(root, decodeURIComponent(pathname)));
    const inside = wanted === root || wanted.startsWith(root + sep);
    // NOTE(spa): any path that is not a file is the app's own route: index.html answers it.
    const file = (inside && staticFile(wanted)) || staticFile(join(root, 'index.html'));
    if (!file) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`The dashboard is not built: run node scripts/bootstrap.mjs (looked in ${root}).\n`);
      return;
    }
    const gzip = file.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzipped! : file.body;
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': body.length,
      // Vite names assets by content hash: they never change; index.html always may.
      'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      ...(gzip ? { 'content-encoding': 'gzip', vary: 'Accept-Encoding' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function proxy(req: IncomingMessage, res: ServerResponse, type: DashboardServiceType, rest: string) {
    const base = upstreams[type];
    if (!base) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 502, message: `no ${type} endpoint is known yet` } }));
      return;
    }
    const target = new URL(base + rest);
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && !HOP_BY_HOP.has(k) && k !== 'origin' && k !== 'cookie') headers[k] = v;
    }
    const isTokenIssue =
      type === 'identity' && req.method === 'POST' && /\/auth\/tokens$/.test(target.pathname);
    const send = target.protocol === 'https:' ? httpsRequest : request;
    const upstream = send(target, { method: req.method, headers }, (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(answer.headers)) {
        if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
      }
      if (!isTokenIssue || answer.statusCode !== 201) {
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
        return;
      }
      // A new token: its catalog names the endpoints this proxy was not given.
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        try {
          const learned = publicEndpointsOf(JSON.parse(body.toString('utf8')));
          for (const t of DASHBOARD_SERVICE_TYPES) if (!upstreams[t] && learned[t]) upstreams[t] = learned[t];
        } catch {
          /* not JSON: nothing to learn */
        }
        res.writeHead(answer.statusCode ?? 502, out);
        res.end(body);
      });
    });
    upstream.on('error', (err) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 502, message: `${type} is unreachable: ${err.message}` } }));
    });
    req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const m = /^\/proxy\/([a-z]+)(\/.*)?$/.exec(url.pathname);
    if (m) {
      const type = m[1] as DashboardServiceType;
      if (!DASHBOARD_SERVICE_TYPES.includes(type)) {
        res.writeHead(404).end();
        return;
      }
      proxy(req, res, type, `${m[2] ?? ''}${url.search}`);
      return;
    }
    if (url.pathname === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
      res.end(JSON.stringify({ identity: Boolean(upstreams.identity), services: Object.keys(upstreams) }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(req, res, url.pathname);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
