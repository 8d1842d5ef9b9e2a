/**
 * @novats/sdk's ImageClient and IdentityClient against startCloud() with the
 * embedded Glance and Keystone: typed calls whose answers match the shared
 * view schemas, bad bodies refused with their path before anything is sent,
 * and the services' own 400s for the same schemas in Glance's and
 * Keystone's wording.
 */
import {
  APPLICATION_CREDENTIAL_VIEW,
  CATALOG_SERVICE_VIEW,
  DOMAIN_VIEW,
  EC2_CREDENTIAL_VIEW,
  ENDPOINT_VIEW,
  GROUP_VIEW,
  IMAGE_MEMBER_VIEW,
  IMAGE_SCHEMA_DOCUMENT_VIEW,
  IMAGE_VIEW,
  PROJECT_VIEW,
  ROLE_ASSIGNMENT_VIEW,
  ROLE_VIEW,
  SERVICE_VIEW,
  TOKEN_VIEW,
  USER_VIEW,
} from '@novats/core';
import { createClient, type OpenStackClient, RequestValidationError, schemaMismatch } from '@novats/sdk';
import { startCloud, type TestCloud } from '@novats/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Every item of `items` matches `schema` (the mismatches otherwise, for the failure message). */
function mismatches(schema: object, items: readonly unknown[]): (string | null)[] {
  return items.map((i) => schemaMismatch(schema, i)).filter((m) => m !== null);
}

async function refusal(call: () => Promise<unknown>): Promise<RequestValidationError> {
  const err = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RequestValidationError);
  return err as RequestValidationError;
}

describe('ImageClient and IdentityClient against startCloud()', () => {
  let cloud: TestCloud;
  let client: OpenStackClient;
  /** A client whose endpoints refuse connections: anything it sends fails with a network error. */
  const unsent = createClient({
    token: 'admin:admin',
    endpoints: { image: 'http://127.0.0.1:9', identity: 'http://127.0.0.1:9/v3' },
  });

  beforeAll(async () => {
    cloud = await startCloud({ hosts: 1, identity: { adminPassword: 'sekrit' } });
    client = createClient({ password: cloud.credentials.password! });
  });
  afterAll(() => cloud?.stop());

  it('images: create, upload, patch, tags, members and schemas, every answer matching the shared views', async () => {
    const image = client.image;
    const created = await image.createImage({
      name: 'sdk-img',
      disk_format: 'raw',
      container_format: 'bare',
      min_ram: 64,
      hw_rng_model: 'virtio',
    });
    expect(schemaMismatch(IMAGE_VIEW, created)).toBeNull();
    expect(created).toMatchObject({ status: 'queued', min_ram: 64, hw_rng_model: 'virtio' });
    await image.uploadImageData(created.id, new TextEncoder().encode('some bytes'));
    const patched = await image.updateImage(created.id, [
      { op: 'replace', path: '/name', value: 'sdk-renamed' },
      { op: 'add', path: '/os_distro', value: 'cirros' },
      { op: 'remove', path: '/hw_rng_model' },
    ]);
    expect(schemaMismatch(IMAGE_VIEW, patched)).toBeNull();
    expect(patched).toMatchObject({ name: 'sdk-renamed', os_distro: 'cirros', status: 'active', size: 10 });
    expect(patched).not.toHaveProperty('hw_rng_model');
    await image.addTag(created.id, 'gold');
    expect((await image.getImage(created.id)).tags).toEqual(['gold']);

    const listed = [];
    for await (const i of image.images({ pageSize: 1 })) listed.push(i);
    expect(listed.map((i) => i.id)).toEqual(expect.arrayContaining([created.id, cloud.imageRef]));
    expect(mismatches(IMAGE_VIEW, listed)).toEqual([]);

    await image.updateImage(created.id, [{ op: 'replace', path: '/visibility', value: 'shared' }]);
    const member = await image.addMember(created.id, 'other-project');
    expect(schemaMismatch(IMAGE_MEMBER_VIEW, member)).toBeNull();
    expect(member).toMatchObject({ image_id: created.id, member_id: 'other-project', status: 'pending' });
    const members = await image.members(created.id);
    expect(mismatches(IMAGE_MEMBER_VIEW, members)).toEqual([]);
    expect(members.map((m) => m.member_id)).toEqual(['other-project']);

    for (const name of ['image', 'images', 'member', 'members'] as const)
      expect(schemaMismatch(IMAGE_SCHEMA_DOCUMENT_VIEW, await image.schema(name))).toBeNull();
    await image.deleteImage(created.id);
  });

  it.each([
    { what: 'a negative min_ram', body: { min_ram: -1 }, path: '/min_ram' },
    { what: 'an unknown disk format', body: { disk_format: 'floppy' }, path: '/disk_format' },
    { what: 'a non-string property', body: { hw_numa_nodes: 2 }, path: '/hw_numa_nodes' },
    { what: 'a bad id', body: { id: 'not-a-uuid' }, path: '/id' },
    { what: 'a long tag', body: { tags: ['ok', 'x'.repeat(256)] }, path: '/tags/1' },
  ])('images: refuses a create with $what at $path before sending', async ({ body, path }) => {
    const err = await refusal(() => unsent.image.createImage(body as never));
    expect(err.path).toBe(path);
  });

  it.each([
    { what: 'an unknown op', patch: [{ op: 'move', path: '/name' }], path: '/0/op' },
    { what: 'a deep path', patch: [{ op: 'add', path: '/a/b', value: 'x' }], path: '/0/path' },
    { what: 'add without a value', patch: [{ op: 'add', path: '/a' }], path: '/0/value' },
    { what: 'a body that is not a list', patch: { op: 'add' }, path: '' },
  ])('images: refuses a JSON patch with $what at "$path" before sending', async ({ patch, path }) => {
    const err = await refusal(() => unsent.image.updateImage(cloud.imageRef, patch as never));
    expect(err.path).toBe(path);
  });

  it('images: refuses a bad member or member status before sending', async () => {
    expect((await refusal(() => unsent.image.addMember(cloud.imageRef, ''))).path).toBe('/member');
    const status = await refusal(() =>
      unsent.image.updateMember(cloud.imageRef, 'p', { status: 'maybe' as never }),
    );
    expect(status.path).toBe('/status');
  });

  it("images: the service refuses the same bodies with Glance's 400, worded from the same schema", async () => {
    const token = await cloud.client.session.token();
    const res = await fetch(`${cloud.endpoints.image}/v2/images`, {
      method: 'POST',
      headers: { 'x-auth-token': token, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ name: 'n', min_ram: -1 }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message:
        "Provided object does not match schema 'image': -1 is less than the minimum of 0<br /><br />\n\n\n",
      code: '400 Bad Request',
      title: 'Bad Request',
    });
  });

  it('identity: projects, users, roles, grants and a password token, every answer matching the shared views', async () => {
    const id = client.identity;
    const domain = await id.createDomain({ name: 'sdk-domain', description: 'made by the SDK' });
    expect(schemaMismatch(DOMAIN_VIEW, domain)).toBeNull();
    const project = await id.createProject({ name: 'sdk-project', domain_id: domain.id, tags: ['t1'] });
    expect(schemaMismatch(PROJECT_VIEW, project)).toBeNull();
    expect(project).toMatchObject({ name: 'sdk-project', domain_id: domain.id, tags: ['t1'] });
    const user = await id.createUser({
      name: 'sdk-user',
      domain_id: domain.id,
      password: 'pw-1',
      email: 'u@example.org',
    });
    expect(schemaMismatch(USER_VIEW, user)).toBeNull();
    expect(user).toMatchObject({ name: 'sdk-user', email: 'u@example.org' });
    expect(user).not.toHaveProperty('password');
    const role = await id.createRole({ name: 'sdk-role' });
    expect(schemaMismatch(ROLE_VIEW, role)).toBeNull();
    await id.grantRole({ project: project.id }, { user: user.id }, role.id);
    const group = await id.createGroup({ name: 'sdk-group', domain_id: domain.id });
    expect(schemaMismatch(GROUP_VIEW, group)).toBeNull();
    await id.addUserToGroup(group.id, user.id);
    expect((await id.userGroups(user.id)).map((g) => g.id)).toEqual([group.id]);

    const assignments = await id.roleAssignments({ 'user.id': user.id, include_names: true });
    expect(mismatches(ROLE_ASSIGNMENT_VIEW, assignments)).toEqual([]);
    expect(assignments).toHaveLength(1);
    expect(assignments[0]).toMatchObject({ role: { id: role.id }, scope: { project: { id: project.id } } });

    const issued = await id.issueToken({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'sdk-user', domain: { id: domain.id }, password: 'pw-1' } },
        },
        scope: { project: { id: project.id } },
      },
    });
    expect(issued.id).not.toBe('');
    expect(schemaMismatch(TOKEN_VIEW, issued.token)).toBeNull();
    expect(issued.token.project?.id).toBe(project.id);
    expect(issued.token.roles?.map((r) => r.name)).toContain('sdk-role');
    expect(mismatches(CATALOG_SERVICE_VIEW, issued.token.catalog ?? [])).toEqual([]);
    expect(issued.token.catalog?.map((s) => s.type)).toEqual(expect.arrayContaining(['compute', 'image']));
    const validated = await id.validateToken(issued.id, { nocatalog: true });
    expect(schemaMismatch(TOKEN_VIEW, validated.token)).toBeNull();
    expect(validated.token).not.toHaveProperty('catalog');
    expect(validated.token.audit_ids).toEqual(issued.token.audit_ids);

    const ec2 = await id.createEc2Credential(user.id, { tenant_id: project.id });
    expect(schemaMismatch(EC2_CREDENTIAL_VIEW, ec2)).toBeNull();
    expect(ec2.tenant_id).toBe(project.id);
    const appCred = await id.createApplicationCredential(
      (await id.validateToken(await client.session.token())).token.user.id,
      {
        name: 'sdk-app',
      },
    );
    expect(schemaMismatch(APPLICATION_CREDENTIAL_VIEW, appCred)).toBeNull();
    expect(appCred.secret).toBeTruthy();

    expect(mismatches(SERVICE_VIEW, await id.services())).toEqual([]);
    expect(mismatches(ENDPOINT_VIEW, await id.endpoints())).toEqual([]);
    expect(mismatches(USER_VIEW, await id.users())).toEqual([]);
    expect(mismatches(PROJECT_VIEW, await id.projects())).toEqual([]);
    expect(mismatches(CATALOG_SERVICE_VIEW, await id.catalog())).toEqual([]);

    await id.revokeToken(issued.id);
    await expect(id.validateToken(issued.id)).rejects.toMatchObject({ status: 404 });
  });

  it.each([
    {
      what: 'an empty user name',
      call: (c: OpenStackClient) => c.identity.createUser({ name: '' }),
      path: '/user/name',
    },
    {
      what: 'a user without a name',
      call: (c: OpenStackClient) => c.identity.createUser({ enabled: true } as never),
      path: '/user/name',
    },
    {
      what: 'a non-boolean enabled',
      call: (c: OpenStackClient) => c.identity.updateUser('u', { enabled: 'yes' as never }),
      path: '/user/enabled',
    },
    {
      what: 'a tag with a slash',
      call: (c: OpenStackClient) => c.identity.createProject({ name: 'p', tags: ['a/b'] }),
      path: '/project/tags/0',
    },
    {
      what: 'an unknown interface',
      call: (c: OpenStackClient) =>
        c.identity.createEndpoint({ interface: 'private' as never, service_id: 's', url: 'http://x' }),
      path: '/endpoint/interface',
    },
    {
      what: 'an unknown application credential attribute',
      call: (c: OpenStackClient) =>
        c.identity.createApplicationCredential('u', { name: 'a', bogus: 1 } as never),
      path: '/application_credential/bogus',
    },
    {
      what: 'methods that are not a list',
      call: (c: OpenStackClient) =>
        c.identity.issueToken({ auth: { identity: { methods: 'password' as never } } }),
      path: '/auth/identity/methods',
    },
    {
      what: 'a password that is not a string',
      call: (c: OpenStackClient) =>
        c.identity.issueToken({
          auth: {
            identity: { methods: ['password'], password: { user: { name: 'u', password: 5 as never } } },
          },
        }),
      path: '/auth/identity/password/user/password',
    },
  ])('identity: refuses $what at $path before sending', async ({ call, path }) => {
    const err = await refusal(() => call(unsent));
    expect(err.path).toBe(path);
  });

  it("identity: the service refuses the same bodies with Keystone's 400, worded from the same schema", async () => {
    const token = await client.session.token();
    const post = (path: string, body: unknown) =>
      fetch(`${cloud.endpoints.identity}${path}`, {
        method: 'POST',
        headers: { 'x-auth-token': token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await post('/users', { user: { name: 5 } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        code: 400,
        message: "Invalid input for field 'name': 5 is not of type 'string'",
        title: 'Bad Request',
      },
    });
    const missing = await post('/projects', { project: { description: 'no name' } });
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe(
      "'name' is a required property",
    );
    const auth = await post('/auth/tokens', { auth: { identity: { methods: 'password' } } });
    expect(auth.status).toBe(400);
    expect(((await auth.json()) as { error: { message: string } }).error.message).toBe(
      "Invalid input for field 'identity/methods': 'password' is not of type 'array'",
    );
  });
});
