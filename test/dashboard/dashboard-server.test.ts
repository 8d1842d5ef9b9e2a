/**
 * The dashboard's server: the built app (gzipped when accepted, hashed assets
 * cached for good, any other path answered by index.html, nothing outside the
 * folder), and the proxy of `/proxy/<service-type>/...` to the APIs with the
 * request's method, headers and body, learning the endpoints it was not given
 * from the catalog of a token issued through it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningDashboard, startDashboardServer, upstreamRoot } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let dir: string;
let api: Server;
let apiUrl: string;
let dashboard: RunningDashboard;
const seen: Seen[] = [];
const INDEX = `<!doctype html><title>app</title>${'<!-- padding -->'.repeat(64)}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'novats-dashboard-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app-abc.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
  writeFileSync(join(tmpdir(), 'novats-dashboard-secret.txt'), 'secret');
  // One fake upstream plays every API; it records what reaches it.
  api = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/v3/auth/tokens' && req.method === 'POST') {
        res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': 'tok-1' });
        res.end(
          JSON.stringify({
            token: {
              catalog: [
                { type: 'placement', endpoints: [{ interface: 'public', url: `${apiUrl}/placement` }] },
                { type: 'image', endpoints: [{ interface: 'internal', url: `${apiUrl}/internal-image` }] },
              ],
            },
          }),
        );
        return;
      }
      res.writeHead(req.url?.includes('missing') ? 404 : 200, {
        'content-type': 'application/json',
        'x-openstack-request-id': 'req-1',
      });
      res.end(JSON.stringify({ path: req.url }));
    });
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  dashboard = await startDashboardServer({
    staticDir: dir,
    endpoints: { identity: `${apiUrl}/v3`, compute: `${apiUrl}/v2.1` },
    port: 0,
  });
});

afterAll(async () => {
  await dashboard?.stop();
  await new Promise((r) => api?.close(r));
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'novats-dashboard-secret.txt'), { force: true });
});

describe('the dashboard server', () => {
  it('serves the app gzipped when the browser accepts it, and index.html for its routes', async () => {
    const raw = await fetch(`${dashboard.url}/`, { headers: { 'accept-encoding': 'identity' } });
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect(await raw.text()).toBe(INDEX);
    expect(raw.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${dashboard.url}/assets/app-abc.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(Number(asset.headers.get('content-length'))).toBeLessThan(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(await (await fetch(`${dashboard.url}/project/instances`)).text()).toBe(INDEX);
  });

  it('never serves a file outside its folder', async () => {
    const res = await fetch(`${dashboard.url}/..%2fnovats-dashboard-secret.txt`);
    expect(await res.text()).toBe(INDEX);
  });

  it('proxies a call with its method, headers and body to the API root, and its answer back', async () => {
    const res = await fetch(`${dashboard.url}/proxy/compute/v2.1/servers?limit=1`, {
      method: 'POST',
      headers: {
        'x-auth-token': 't',
        'x-openstack-nova-api-version': '2.79',
        'content-type': 'application/json',
        origin: 'http://elsewhere',
      },
      body: '{"server":{}}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-openstack-request-id')).toBe('req-1');
    expect(await res.json()).toEqual({ path: '/v2.1/servers?limit=1' });
    const call = seen.at(-1)!;
    expect([
      call.method,
      call.body,
      call.headers['x-auth-token'],
      call.headers['x-openstack-nova-api-version'],
    ]).toEqual(['POST', '{"server":{}}', 't', '2.79']);
    expect(call.headers.origin).toBeUndefined();
    const missing = await fetch(`${dashboard.url}/proxy/compute/missing`);
    expect(missing.status).toBe(404);
  });

  it('learns the public endpoints it was not given from the first token it passes', async () => {
    expect((await fetch(`${dashboard.url}/proxy/placement/resource_providers`)).status).toBe(502);
    expect(await (await fetch(`${dashboard.url}/config.json`)).json()).toEqual({
      identity: true,
      services: ['identity', 'compute'],
    });
    const token = await fetch(`${dashboard.url}/proxy/identity/v3/auth/tokens`, {
      method: 'POST',
      body: '{}',
    });
    expect([token.status, token.headers.get('x-subject-token')]).toEqual([201, 'tok-1']);
    const rp = await fetch(`${dashboard.url}/proxy/placement/resource_providers`);
    expect(await rp.json()).toEqual({ path: '/placement/resource_providers' });
    // Only public endpoints are taken: the image service's internal one is not.
    expect((await fetch(`${dashboard.url}/proxy/image/v2/images`)).status).toBe(502);
    expect((await fetch(`${dashboard.url}/proxy/network/v2.0/ports`)).status).toBe(404);
  });

  it.each([
    ['compute', 'http://h:8774/v2.1/', 'http://h:8774'],
    ['compute', 'http://h/compute/v2.1/0a1b2c', 'http://h/compute'],
    ['identity', 'http://h:5000/v3', 'http://h:5000'],
    ['placement', 'http://h/placement', 'http://h/placement'],
  ] as const)('the proxy root of %s %s is %s', (type, url, root) => {
    expect(upstreamRoot(type, url)).toBe(root);
  });
});
