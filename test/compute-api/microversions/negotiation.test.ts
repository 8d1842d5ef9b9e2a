/**
 * Microversion negotiation of the Compute API (Nova's wsgi.Request and
 * microversion-parse): both headers, `latest`, 406 and 400 with Nova's
 * bodies, the version headers and Vary on every answer, and the versions
 * documents' min/max.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestCloud, type TestCloud } from '../../support/cloud.js';

let t: TestCloud;
let root: string;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
  root = t.cloud.endpoints.compute.replace(/\/v2\.1\/?$/, '');
});
afterAll(async () => {
  await t?.stop();
});

const get = (path: string, headers: Record<string, string>) =>
  t.compute('GET', path, undefined, 'admin:admin', headers);

describe('request headers', () => {
  it('defaults to 2.1 and echoes the version in both headers with Vary', async () => {
    const res = await get('/flavors/1', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('openstack-api-version')).toBe('compute 2.1');
    expect(res.headers.get('x-openstack-nova-api-version')).toBe('2.1');
    expect(res.headers.get('vary')).toBe('OpenStack-API-Version, X-OpenStack-Nova-API-Version');
    expect(res.body.flavor).not.toHaveProperty('description');
  });

  it('reads the legacy X-OpenStack-Nova-API-Version header', async () => {
    const res = await get('/flavors/1', { 'x-openstack-nova-api-version': '2.55' });
    expect(res.headers.get('x-openstack-nova-api-version')).toBe('2.55');
    expect(res.body.flavor).toHaveProperty('description');
  });

  it('reads OpenStack-API-Version: compute X (2.27) and prefers it over the legacy header', async () => {
    const res = await get('/flavors/1', {
      'openstack-api-version': 'compute 2.55',
      'x-openstack-nova-api-version': '2.1',
    });
    expect(res.headers.get('openstack-api-version')).toBe('compute 2.55');
    expect(res.body.flavor).toHaveProperty('description');
    // Another service's entry in the header is ignored; the legacy header then applies.
    const other = await get('/flavors/1', {
      'openstack-api-version': 'placement 1.39',
      'x-openstack-nova-api-version': '2.3',
    });
    expect(other.headers.get('openstack-api-version')).toBe('compute 2.3');
  });

  it('maps latest to 2.93 with either header', async () => {
    const both: Record<string, string>[] = [
      { 'openstack-api-version': 'compute latest' },
      { 'x-openstack-nova-api-version': 'latest' },
    ];
    for (const h of both) {
      const res = await get('/flavors/1', h);
      expect(res.status).toBe(200);
      expect(res.headers.get('openstack-api-version')).toBe('compute 2.93');
    }
  });

  it('answers 406 with Nova message outside [2.1, 2.93], on every route', async () => {
    for (const version of ['2.94', '3.0', '2.0', '1.1']) {
      const res = await get('/servers', { 'openstack-api-version': `compute ${version}` });
      expect(res.status, version).toBe(406);
      expect(res.body).toEqual({
        computeFault: {
          code: 406,
          message: `Version ${version} is not supported by the API. Minimum is 2.1 and maximum is 2.93.`,
        },
      });
      // NOTE(nova): the Fault echoes the (out-of-range) version it parsed.
      expect(res.headers.get('openstack-api-version')).toBe(`compute ${version}`);
    }
  });

  it('answers 400 for a malformed version string', async () => {
    // NOTE(microversion-parse): an empty header is a version string too, and malformed.
    for (const version of ['2', 'two.one', '2.1.1', '2.01', '02.1', '']) {
      const res = await get('/servers', { 'x-openstack-nova-api-version': version });
      expect(res.status, version).toBe(400);
      expect(res.body.badRequest.message).toBe(
        `API Version String ${version} is of invalid format. Must be of format MajorNum.MinorNum.`,
      );
      expect(res.headers.get('openstack-api-version')).toBeNull();
    }
  });

  it('puts the version headers and request ids (2.46) on errors too', async () => {
    const res = await get('/servers/00000000-0000-0000-0000-000000000001', {
      'openstack-api-version': 'compute 2.46',
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('openstack-api-version')).toBe('compute 2.46');
    expect(res.headers.get('vary')).toContain('X-OpenStack-Nova-API-Version');
    expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(res.headers.get('x-compute-request-id')).toBe(res.headers.get('x-openstack-request-id'));
  });
});

describe('versions documents', () => {
  it('GET / lists v2.0 and v2.1 with 2.1..2.93', async () => {
    const res = await http(`${root}/`, 'GET', undefined, {});
    expect(res.status).toBe(200);
    const v21 = res.body.versions.find((v: { id: string }) => v.id === 'v2.1');
    expect(v21).toMatchObject({ status: 'CURRENT', version: '2.93', min_version: '2.1' });
    const v20 = res.body.versions.find((v: { id: string }) => v.id === 'v2.0');
    expect(v20).toMatchObject({ status: 'SUPPORTED', version: '', min_version: '' });
  });

  it('GET /v2.1 describes v2.1 without a token', async () => {
    const res = await http(`${root}/v2.1`, 'GET', undefined, {});
    expect(res.status).toBe(200);
    expect(res.body.version).toMatchObject({ id: 'v2.1', version: '2.93', min_version: '2.1' });
    expect(res.body.version['media-types'][0].type).toBe(
      'application/vnd.openstack.compute+json;version=2.1',
    );
  });
});

describe('2.18: the project id in the URL is optional', () => {
  it('serves the same resource with and without /{project_id}', async () => {
    const withProject = await t.compute('GET', '/admin/flavors/1', undefined, 'admin:admin');
    const without = await t.compute('GET', '/flavors/1', undefined, 'admin:admin');
    expect(withProject.status).toBe(200);
    expect(without.status).toBe(200);
    expect(withProject.body.flavor.links[0].href).toContain('/v2.1/admin/flavors/1');
    expect(without.body.flavor.links[0].href).not.toContain('/admin/');
  });
});
