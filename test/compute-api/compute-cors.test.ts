/**
 * CORS on the Compute API from `[cors]` (oslo.middleware's filter in Nova's
 * pipeline): a preflight from an allowed origin gets its grants before any
 * authentication; an allowed origin's call gets Access-Control-Allow-Origin,
 * another origin's gets none.
 */
import { NovaConfig } from '@novats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';

const ORIGIN = 'http://dashboard.example';
let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud('sqlite', {
    hosts: 1,
    config: NovaConfig.fromSources([
      `[cors]\nallowed_origin = ${ORIGIN}\nallow_headers = X-Auth-Token,X-OpenStack-Nova-API-Version\nexpose_headers = X-OpenStack-Request-Id\n`,
    ]),
  });
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

describe('Compute API CORS from [cors]', () => {
  it('answers an allowed preflight without a token', async () => {
    const res = await fetch(`${t.cloud.endpoints.compute}/servers`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-auth-token',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-headers')).toBe('x-auth-token');
  });

  it('grants an allowed origin, and only it', async () => {
    const call = (origin: string) =>
      fetch(`${t.cloud.endpoints.compute}/flavors`, { headers: { origin, 'x-auth-token': 'admin:admin' } });
    const allowed = await call(ORIGIN);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-expose-headers')).toBe('X-OpenStack-Request-Id');
    const other = await call('http://elsewhere.example');
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
