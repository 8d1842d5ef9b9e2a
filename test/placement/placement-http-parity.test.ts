/**
 * Placement's HTTP behaviour as its basic-http, bug-1674694, non-cors, cors
 * and microversion gabbits pin it (webob's): application/json without a
 * charset, error bodies negotiated from Accept, 406 on GETs, OPTIONS and
 * other unknown methods 405 with Allow, body headers checked, bodies read
 * only by routes that take one, absolute Location, long names validated.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type PlacementApp, usePlacementApp } from '../support/placement-app.js';
import { faultDetail, placementCaller } from '../support/placement-call.js';

const HTML = /^text\/html/;

describe('placement HTTP like webob', () => {
  let app: PlacementApp;
  usePlacementApp('sqlite', 'placement_http', (_s, a) => {
    app = a;
  });
  const call = placementCaller(() => app);

  it('sends application/json without a charset, on answers and on errors', async () => {
    expect((await call('GET', '/resource_providers')).headers['content-type']).toBe('application/json');
    const missing = await call('GET', '/resource_providers/foo', undefined, undefined, { accept: '*/*' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe('application/json');
  });

  it.each([
    { accept: 'text/html', type: HTML, has: '<h1>404 Not Found</h1>' },
    { accept: 'text/plain', type: /^text\/plain/, has: '404 Not Found\n\nThe resource could not be found.' },
    { accept: 'application/json', type: /^application\/json$/, has: '"status":404' },
  ])('renders a 404 for Accept $accept', async ({ accept, type, has }) => {
    const r = await call('GET', '/bc8d9d50-7b0d-45ef-839c-e7b5e1c4e8fd', undefined, undefined, { accept });
    expect(r.status).toBe(404);
    expect(String(r.headers['content-type'])).toMatch(type);
    expect(r.text).toContain(has);
  });

  it('renders a version 406 as HTML when HTML is asked for', async () => {
    const r = await call('GET', '/', '0.5', undefined, { accept: 'text/html' });
    expect(r.status).toBe(406);
    expect(String(r.headers['content-type'])).toMatch(HTML);
    expect(r.text).toContain('Unacceptable version header: 0.5');
  });

  it('answers 406 on a GET whose Accept excludes JSON, 200 when some range allows it', async () => {
    const bad = await call('GET', '/resource_providers', undefined, undefined, { accept: 'text/plain' });
    expect(bad.status).toBe(406);
    expect(bad.text).toContain('Only application/json is provided');
    const complex = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    expect((await call('GET', '/resource_providers', undefined, undefined, { accept: complex })).status).toBe(
      200,
    );
    expect(
      (await call('GET', '/traits/HW_CPU_X86_SSE', '1.6', undefined, { accept: 'text/plain' })).status,
    ).toBe(204);
  });

  it.each([
    'DELETE',
    'OPTIONS',
  ] as const)('answers %s on /resource_providers with 405 naming it', async (method) => {
    const r = await call(method, '/resource_providers');
    expect(r.status).toBe(405);
    expect(String(r.headers.allow).split(', ').sort()).toEqual(['GET', 'POST']);
    expect(r.json.errors[0].title).toBe('Method Not Allowed');
    expect(faultDetail(r)).toContain(`The method ${method} is not allowed for this resource.`);
  });

  it('answers OPTIONS on / with 405 when CORS is off', async () => {
    const r = await call('OPTIONS', '/', undefined, undefined, {
      origin: 'http://valid.example.com',
      'access-control-request-method': 'GET',
    });
    expect(r.status).toBe(405);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 400 to a body without a content type, 415 to a body route without one', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/resource_providers',
      headers: { 'x-auth-token': 'admin' },
      payload: Buffer.from('I want a resource provider please'),
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('content-type header required when content-length > 0');
    const put = await call('PUT', '/resource_providers/d3a64825-8228-4ccb-8a6c-1c6d3eb6a3e8');
    expect(put.status).toBe(415);
    expect(faultDetail(put)).toContain('The media type None is not supported, use application/json');
  });

  it('answers a JSON body that does not parse with Malformed JSON, after routing', async () => {
    const empty = await call('PUT', '/resource_classes/CUSTOM_X', '1.2', '');
    expect(empty.status).toBe(400);
    expect(faultDetail(empty)).toContain('Malformed JSON:');
    const hidden = await call('POST', '/reshaper', '1.29', '{not json');
    expect(hidden.status).toBe(404);
  });

  it('answers a Content-Length that is not an integer like Placement', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          'POST /resource_providers HTTP/1.1\r\nHost: x\r\nx-auth-token: admin\r\ncontent-type: application/json\r\ncontent-length: hi mom\r\n\r\n{}',
        );
      });
      let data = '';
      socket.on('data', (d) => {
        data += d;
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1.1 400/);
    expect(raw).toContain('content-length header must be an integer');
    // A well-formed request on the same server still works.
    const ok = await new Promise<number>((resolve) => {
      request({ port, host: '127.0.0.1', path: '/', method: 'GET' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).end();
    });
    expect(ok).toBe(200);
  });

  it('dates / at 1.15 and makes Location absolute', async () => {
    const root = await call('GET', '/', '1.15');
    expect(root.headers['cache-control']).toBe('no-cache');
    expect(root.headers['last-modified']).toMatch(/^\w+, \d+ \w+ \d{4} [\d:]+ GMT$/);
    expect((await call('GET', '/', '1.14')).headers['cache-control']).toBeUndefined();
    const rc = await call('PUT', '/resource_classes/CUSTOM_HTTP_COW', '1.7');
    expect(rc.status).toBe(201);
    expect(rc.headers.location).toBe('http://localhost:80/resource_classes/CUSTOM_HTTP_COW');
    const again = await call('PUT', '/resource_classes/CUSTOM_HTTP_COW', '1.7');
    expect(again.status).toBe(204);
    expect(again.headers.location).toBe('http://localhost:80/resource_classes/CUSTOM_HTTP_COW');
  });

  it('validates long names instead of losing them in the router', async () => {
    const trait = await call('PUT', `/traits/CUSTOM_${'T'.repeat(300)}`, '1.6');
    expect(trait.status).toBe(400);
    const rc = await call('PUT', `/resource_classes/CUSTOM_${'S'.repeat(300)}`, '1.7');
    expect(rc.status).toBe(400);
    expect(faultDetail(rc)).toContain("Failed validating 'maxLength'");
    const standard = await call('PUT', '/resource_classes/VCPU', '1.7');
    expect(faultDetail(standard)).toContain("Failed validating 'pattern'");
  });
});

describe('placement CORS from [cors]', () => {
  let app: PlacementApp;
  usePlacementApp(
    'sqlite',
    'placement_cors',
    (_s, a) => {
      app = a;
    },
    {
      cors: {
        allowedOrigins: ['http://valid.example.com'],
        allowHeaders: ['openstack-api-version'],
        allowMethods: ['GET', 'POST'],
        exposeHeaders: [],
        allowCredentials: true,
        maxAge: 3600,
      },
    },
  );
  const call = placementCaller(() => app);

  it('grants a preflight from an allowed origin and answers others without grants', async () => {
    const ok = await call('OPTIONS', '/', undefined, undefined, {
      origin: 'http://valid.example.com',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'openstack-api-version',
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('http://valid.example.com');
    expect(ok.headers['access-control-allow-headers']).toBe('openstack-api-version');
    const other = await call('OPTIONS', '/', undefined, undefined, {
      origin: 'http://invalid.example.com',
      'access-control-request-method': 'GET',
    });
    expect(other.status).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('marks simple requests from an allowed origin only', async () => {
    const ok = await call('GET', '/', undefined, undefined, { origin: 'http://valid.example.com' });
    expect(ok.headers['access-control-allow-origin']).toBe('http://valid.example.com');
    const other = await call('GET', '/', undefined, undefined, { origin: 'http://invalid.example.com' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
