/**
 * The image API authenticates like the Compute API: in the all-in-one, a
 * token of the embedded identity service is validated and scopes the caller
 * to its project, noauth2 tokens keep working, and a bad identity token is a
 * 401 with keystonemiddleware's WWW-Authenticate challenge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestCloud, type TestCloud } from '../support/cloud.js';

describe('image API authentication with the embedded identity service', () => {
  let t: TestCloud;
  let token: string;
  let adminProject: string;
  const image = (method: string, path: string, authToken: string, body?: unknown) =>
    http(`${t.cloud.endpoints.image}${path}`, method, body, {
      'x-auth-token': authToken,
      accept: 'application/json',
    });

  beforeAll(async () => {
    t = await startTestCloud('sqlite', {
      hosts: 1,
      identity: { adminPassword: 'pw', port: 0, legacyPort: null },
    });
    const auth = await http(
      `${t.cloud.endpoints.identity}/auth/tokens`,
      'POST',
      {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'pw' } },
          },
          scope: { project: { name: 'admin', domain: { name: 'Default' } } },
        },
      },
      {},
    );
    expect(auth.status).toBe(201);
    token = auth.headers.get('x-subject-token') ?? '';
    adminProject = auth.body.token.project.id;
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('takes a Keystone token and owns new images by its project', async () => {
    const created = await image('POST', '/v2/images', token, { name: 'kimg' });
    expect(created.status).toBe(201);
    expect(created.body.owner).toBe(adminProject);
    const other = await image('GET', `/v2/images/${created.body.id}`, 'someone:elsewhere');
    expect(other.status).toBe(404);
  });

  it('still takes noauth2 tokens', async () => {
    expect((await image('GET', '/v2/images', 'alice:project-a')).status).toBe(200);
  });

  it('refuses a bad identity token with 401 and the Keystone challenge', async () => {
    const res = await image('GET', '/v2/images', 'gAAAAAnot-a-real-token');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Keystone uri="/);
    expect(res.body).toMatchObject({ code: '401 Unauthorized', title: 'Unauthorized' });
  });
});
