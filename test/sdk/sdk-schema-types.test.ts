/**
 * Type-level: the ImageClient's and IdentityClient's request and response
 * types are the shared schemas' (FromSchema of @novats/core's
 * api-schemas/image and api-schemas/identity), so a field the schema
 * changes changes the SDK's type. Checked by `tsc` (these files are in the
 * workspace's tsconfig) and by vitest's expectTypeOf; the runtime part
 * checks that every field the view schemas require is in their type.
 */
import {
  DISK_FORMATS,
  type FromSchema,
  IMAGE_CREATE,
  IMAGE_VIEW,
  type ImageView,
  TOKEN_VIEW,
  type TokenView,
  USER_CREATE_MEMBER,
  USER_VIEW,
  type UserView,
} from '@novats/core';
import {
  type CatalogServiceView,
  createClient,
  type IdentityClient,
  type ImageClient,
  type ImageCreate,
  type ImagePatchOperation,
  type ProjectView,
  type UserCreate,
} from '@novats/sdk';
import { describe, expect, expectTypeOf, it } from 'vitest';

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

describe('SDK types from the image and identity schemas', () => {
  it('image answers are the IMAGE_VIEW schema: formats, nullable size, string properties', () => {
    expectTypeOf<Answer<ImageClient['getImage']>>().toEqualTypeOf<FromSchema<typeof IMAGE_VIEW>>();
    expectTypeOf<Answer<ImageClient['createImage']>>().toEqualTypeOf<ImageView>();
    expectTypeOf<ImageView['disk_format']>().toEqualTypeOf<(typeof DISK_FORMATS)[number] | null>();
    expectTypeOf<ImageView['size']>().toEqualTypeOf<number | null>();
    expectTypeOf<ImageView['status']>().toEqualTypeOf<
      | 'queued'
      | 'saving'
      | 'active'
      | 'killed'
      | 'deleted'
      | 'uploading'
      | 'importing'
      | 'pending_delete'
      | 'deactivated'
    >();
    expectTypeOf<ImageView['name']>().toEqualTypeOf<string | null>();
    expectTypeOf<Answer<ImageClient['members']>[number]['status']>().toEqualTypeOf<
      'pending' | 'accepted' | 'rejected'
    >();
    const required: readonly (keyof ImageView)[] = IMAGE_VIEW.required;
    expect(required).toContain('disk_format');
  });

  it('image requests are the IMAGE_CREATE and IMAGE_PATCH schemas', () => {
    expectTypeOf<Parameters<ImageClient['createImage']>[0]>().toEqualTypeOf<
      FromSchema<typeof IMAGE_CREATE>
    >();
    expectTypeOf<ImageCreate['min_ram']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ImagePatchOperation['op']>().toEqualTypeOf<'add' | 'remove' | 'replace'>();
    const ok: ImageCreate = { name: 'x', disk_format: 'qcow2', hw_rng_model: 'virtio' };
    // @ts-expect-error min_ram is an integer in the schema
    const badRam: ImageCreate = { min_ram: '1' };
    // @ts-expect-error floppy is not one of the schema's disk formats
    const badFormat: ImageCreate = { disk_format: 'floppy' };
    // @ts-expect-error an op the schema does not list
    const badOp: ImagePatchOperation = { op: 'move', path: '/name' };
    expect([ok, badRam, badFormat, badOp]).toHaveLength(4);
  });

  it('identity answers and requests are the identity schemas', () => {
    expectTypeOf<Answer<IdentityClient['user']>>().toEqualTypeOf<FromSchema<typeof USER_VIEW>>();
    expectTypeOf<UserView['name']>().toEqualTypeOf<string>();
    expectTypeOf<UserView['password_expires_at']>().toEqualTypeOf<string | null>();
    expectTypeOf<Answer<IdentityClient['projects']>>().toEqualTypeOf<ProjectView[]>();
    expectTypeOf<Answer<IdentityClient['issueToken']>['token']>().toEqualTypeOf<
      FromSchema<typeof TOKEN_VIEW>
    >();
    expectTypeOf<TokenView['catalog']>().toEqualTypeOf<CatalogServiceView[] | undefined>();
    expectTypeOf<CatalogServiceView['endpoints'][number]['interface']>().toEqualTypeOf<
      'admin' | 'internal' | 'public'
    >();
    expectTypeOf<Parameters<IdentityClient['createUser']>[0]>().toEqualTypeOf<
      FromSchema<typeof USER_CREATE_MEMBER>
    >();
    expectTypeOf<UserCreate['name']>().toEqualTypeOf<string>();
    // @ts-expect-error name is required by USER_CREATE_MEMBER
    const nameless: UserCreate = { enabled: true };
    // @ts-expect-error enabled is a boolean in the schema
    const badEnabled: UserCreate = { name: 'u', enabled: 'yes' };
    const client = createClient({ token: 't', endpoints: {} });
    // @ts-expect-error methods is a list of strings in AUTH_REQUEST
    const badAuth = () => client.identity.issueToken({ auth: { identity: { methods: 'password' } } });
    expect([nameless, badEnabled, badAuth]).toHaveLength(3);
    const tokenFields: readonly (keyof TokenView)[] = TOKEN_VIEW.required;
    expect(tokenFields).toContain('expires_at');
  });
});
