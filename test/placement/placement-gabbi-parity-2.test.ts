/**
 * Cases from Placement's gabbits (microversion, resource-provider,
 * resource-provider-aggregates, allocations, allocations-1.28,
 * consumer-types-1.38, resource-classes) that our API once answered
 * differently: jsonschema wording, 415 vs 404 ordering, conflict codes.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type PlacementApp, usePlacementApp } from '../support/placement-app.js';

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

describe.each(DIALECTS)('placement gabbi parity (2) on %s', (dialect) => {
  let app: PlacementApp;
  usePlacementApp(dialect, 'placement_gabbi2', (_store, a) => {
    app = a;
  });

  const call = async (
    method: Method,
    url: string,
    mv: string | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await app.inject({
      method,
      url,
      headers: {
        'x-auth-token': 'admin',
        ...(mv ? { 'openstack-api-version': `placement ${mv}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    let json: any;
    try {
      json = res.body ? res.json() : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, json, text: res.body };
  };
  const detail = (r: { json: any }) => String(r.json?.errors?.[0]?.detail);
  const mkProvider = async (name: string, uuid?: string) =>
    (await call('POST', '/resource_providers', '1.20', uuid ? { name, uuid } : { name })).json;

  describe('microversion.yaml', () => {
    it('answers an unavailable version with 406 naming the range', async () => {
      const r = await call('GET', '/', '0.5');
      expect(r.status).toBe(406);
      expect(r.headers['content-type']).toMatch(/application\/json/);
      expect(r.json.errors[0].title).toBe('Not Acceptable');
      expect(r.json.errors[0].max_version).toMatch(/^\d+\.\d+$/);
      expect(detail(r)).toContain('Unacceptable version header: 0.5');
    });
    it.each(['pony.horse', '1.2.3'])('answers a malformed version %s with 400', async (v) => {
      const r = await call('GET', '/', v);
      expect(r.status).toBe(400);
      expect(detail(r)).toContain(`invalid version string: ${v}`);
    });
    it('stamps version headers on a 405 from the root', async () => {
      const r = await call('POST', '/', undefined, '<x/>', { 'content-type': 'application/xml' });
      expect(r.status).toBe(405);
      expect(r.headers['openstack-api-version']).toBe('placement 1.0');
      expect(r.headers.allow).toBe('GET');
    });
    it('stamps version headers on the root', async () => {
      const r = await call('GET', '/', 'latest');
      expect(r.headers['openstack-api-version']).toBe('placement 1.39');
      expect(r.headers.vary).toContain('openstack-api-version');
    });
  });

  describe('resource-provider.yaml', () => {
    it('creates with 201, Location and no content-type before 1.20', async () => {
      const r = await call('POST', '/resource_providers', '1.19', { name: 'rp-old' });
      expect(r.status).toBe(201);
      expect(r.headers.location).toMatch(/^http:\/\/localhost:80\/resource_providers\/[a-f0-9-]+$/);
      expect(r.headers['content-type']).toBeUndefined();
      expect(r.text).toBe('');
    });
    it('reports duplicates with placement.duplicate_name', async () => {
      const uuid = 'ada30fb5-566d-4fe1-b43b-28a9e9887901';
      await mkProvider('dup-rp', uuid);
      const same = await call('POST', '/resource_providers', '1.23', { name: 'dup-rp', uuid });
      expect(same.status).toBe(409);
      expect(detail(same)).toContain('Conflicting resource provider');
      const name = await call('POST', '/resource_providers', '1.23', { name: 'dup-rp' });
      expect(name.status).toBe(409);
      expect(detail(name)).toContain('Conflicting resource provider name: dup-rp already exists');
      expect(name.json.errors[0].code).toBe('placement.duplicate_name');
      const dashless = await call('POST', '/resource_providers', '1.23', {
        name: 'dup-rp-2',
        uuid: uuid.replace(/-/g, ''),
      });
      expect(dashless.status).toBe(409);
      expect(detail(dashless)).toContain(`Conflicting resource provider uuid: ${uuid} already exists`);
      const other = await mkProvider('dup-rp-3');
      const rename = await call('PUT', `/resource_providers/${other.uuid}`, '1.23', { name: 'dup-rp' });
      expect(rename.status).toBe(409);
      expect(rename.json.errors[0].code).toBe('placement.duplicate_name');
    });
    it('words body validation failures like jsonschema', async () => {
      const bad = await call('POST', '/resource_providers', '1.20', {
        name: 'x',
        uuid: 'this is not a uuid',
      });
      expect(bad.status).toBe(400);
      expect(detail(bad)).toContain("Failed validating 'format'");
      const long = await call('POST', '/resource_providers', '1.20', { name: 'n'.repeat(201) });
      expect(detail(long)).toContain("Failed validating 'maxLength'");
      const nested = await call('POST', '/resource_providers', '1.13', {
        name: 'child',
        parent_provider_uuid: 'ada30fb5-566d-4fe1-b43b-28a9e9887999',
      });
      expect(nested.status).toBe(400);
      expect(detail(nested)).toContain('JSON does not validate');
      const malformed = await call('POST', '/resource_providers', '1.20', '{"foo": }');
      expect(malformed.status).toBe(400);
      expect(detail(malformed)).toContain('Malformed JSON:');
    });
    it('rejects self-parenting, unknown parents and loops', async () => {
      const uuid = '0b6d9f6e-52a8-4d5b-9d4c-3a5b0f2a6b11';
      const self = await call('POST', '/resource_providers', '1.20', {
        name: 'self',
        uuid,
        parent_provider_uuid: uuid,
      });
      expect(self.status).toBe(400);
      expect(detail(self)).toContain('parent provider UUID cannot be same as UUID');
      expect(detail(self)).toContain(`Unable to create resource provider "self", ${uuid}:`);
      const child = await mkProvider('loop-child');
      const missing = await call('PUT', `/resource_providers/${child.uuid}`, '1.20', {
        name: 'loop-child',
        parent_provider_uuid: 'ada30fb5-566d-4fe1-b43b-28a9e9887aaa',
      });
      expect(missing.status).toBe(400);
      expect(detail(missing)).toContain('parent provider UUID does not exist');
      const parent = await mkProvider('loop-parent');
      await call('PUT', `/resource_providers/${child.uuid}`, '1.20', {
        name: 'loop-child',
        parent_provider_uuid: parent.uuid,
      });
      for (const to of [parent.uuid, child.uuid]) {
        const loop = await call('PUT', `/resource_providers/${parent.uuid}`, '1.37', {
          name: 'loop-parent',
          parent_provider_uuid: to,
        });
        expect(loop.status).toBe(400);
        expect(detail(loop)).toContain('creating loop in the provider tree is not allowed.');
      }
      const del = await call('DELETE', `/resource_providers/${parent.uuid}`, '1.23');
      expect(del.status).toBe(409);
      expect(del.json.errors[0].code).toBe('placement.resource_provider.cannot_delete_parent');
      expect(detail(del)).toContain(`Unable to delete parent resource provider ${parent.uuid}: It has child`);
    });
    it('answers 404s for missing providers', async () => {
      const gone = 'd67370b5-4dc0-470d-a4fa-85e8e89abc6c';
      const del = await call('DELETE', `/resource_providers/${gone}`, '1.20');
      expect(del.status).toBe(404);
      expect(detail(del)).toContain(`No resource provider with uuid ${gone} found for delete`);
      expect((await call('GET', '/resource_providers/random_sauce', '1.20')).status).toBe(404);
    });
    it('validates list filters per microversion', async () => {
      for (const [url, mv] of [
        ['/resource_providers?uuid=spameggs', '1.20'],
        ['/resource_providers?spam=eggs', '1.20'],
        ['/resource_providers?required=HW_CPU_X86_SGX', '1.17'],
        ['/resource_providers?member_of=in:83a3d69d-8920-48e2-8914-cadfd8fa2f91', '1.1'],
      ] as const) {
        const r = await call('GET', url, mv);
        expect(r.status, url).toBe(400);
        expect(detail(r)).toContain('Invalid query string parameters');
      }
      const blank = await call('GET', '/resource_providers?required=', '1.39');
      expect(detail(blank)).toContain(
        "Invalid query string parameters: Expected 'required' parameter value of the form: HW_CPU_X86_VMX,!CUSTOM_MAGIC.",
      );
      const blankOld = await call('GET', '/resource_providers?required=', '1.21');
      expect(detail(blankOld)).toContain(
        "Expected 'required' parameter value of the form: HW_CPU_X86_VMX,CUSTOM_MAGIC.",
      );
      const bogus = await call('GET', '/resource_providers?required=STORAGE_DISK_SSD,BOGUS_TRAIT', '1.39');
      expect(detail(bogus)).toContain('No such trait(s): BOGUS_TRAIT.');
      const notUuid = await call('GET', '/resource_providers?member_of=not+a+uuid', '1.39');
      expect(detail(notUuid)).toContain("Expected 'member_of' parameter to contain valid UUID(s).");
      const multi = await call(
        'GET',
        '/resource_providers?member_of=83a3d69d-8920-48e2-8914-cadfd8fa2f91&member_of=99652f11-9f77-46b9-80b7-4b1989be9f8c',
        '1.23',
      );
      expect(multi.status).toBe(400);
      expect(detail(multi)).toContain('Multiple member_of parameters are not supported');
      const forbidden = await call(
        'GET',
        '/resource_providers?member_of=!282d469e-29e2-4a8a-8f2e-31b3202b696a',
        '1.31',
      );
      expect(forbidden.status).toBe(400);
      expect(detail(forbidden)).toContain(
        'Forbidden member_of parameters are not supported in the specified microversion',
      );
      const mixed = await call(
        'GET',
        '/resource_providers?member_of=in:99652f11-9f77-46b9-80b7-4b1989be9f8c,!282d469e-29e2-4a8a-8f2e-31b3202b696a',
        '1.32',
      );
      expect(mixed.status).toBe(400);
      expect(detail(mixed)).toContain("Expected 'member_of' parameter to contain valid UUID(s).");
    });
    it('omits cache headers before 1.15 and sends them on updates from 1.15', async () => {
      const old = await call('GET', '/resource_providers', '1.14');
      expect(old.headers['cache-control']).toBeUndefined();
      expect(old.headers['last-modified']).toBeUndefined();
      const rp = await mkProvider('cache-rp');
      const put = await call('PUT', `/resource_providers/${rp.uuid}`, '1.15', { name: 'cache-rp-2' });
      expect(put.status).toBe(200);
      expect(put.headers['cache-control']).toBe('no-cache');
      expect(put.headers.location).toBeUndefined();
    });
  });

  describe('allocations.yaml', () => {
    it('answers GET /allocations with 405 and Allow', async () => {
      const r = await call('GET', '/allocations', '1.0');
      expect(r.status).toBe(405);
      expect(r.json.errors[0].title).toBe('Method Not Allowed');
      const later = await call('GET', '/allocations', '1.13');
      expect(later.status).toBe(405);
      expect(later.headers.allow).toBe('POST');
    });
    it('words allocation body failures like jsonschema', async () => {
      const rp = await mkProvider('alloc-rp');
      const consumer = '599ffd2d-526a-4b2e-8683-f13ad25f9958';
      await call('POST', `/resource_providers/${rp.uuid}/inventories`, '1.20', {
        resource_class: 'DISK_GB',
        resource_provider_generation: 0,
        total: 2048,
        min_unit: 10,
        max_unit: 1024,
      });
      const empty = await call('PUT', `/allocations/${consumer}`, '1.0', { allocations: [] });
      expect(empty.status).toBe(400);
      expect(detail(empty)).toContain("Failed validating 'minItems'");
      const zero = await call('PUT', `/allocations/${consumer}`, '1.0', {
        allocations: [{ resource_provider: { uuid: rp.uuid }, resources: { DISK_GB: 0 } }],
      });
      expect(detail(zero)).toContain('JSON does not validate: 0 is less than the minimum of 1');
      expect(detail(zero)).toContain("Failed validating 'minimum' in schema");
      const omitted = await call('PUT', `/allocations/${consumer}`, '1.0', {
        allocations: [{ resource_provider: { uuid: rp.uuid } }],
      });
      expect(detail(omitted)).toContain("Failed validating 'required' in schema");
      const noData = await call('PUT', `/allocations/${consumer}`, '1.0', undefined, {
        'content-type': 'application/json',
      });
      expect(noData.status).toBe(400);
      const cows = await call('PUT', `/allocations/${consumer}`, '1.0', {
        allocations: [{ resource_provider: { uuid: rp.uuid }, resources: { COWS: 12 } }],
      });
      expect(cows.status).toBe(400);
      expect(detail(cows)).toContain('Unable to allocate inventory for consumer');
      expect(detail(cows)).toContain('No such resource class COWS');
      const ghost = await call('PUT', `/allocations/${consumer}`, '1.0', {
        allocations: [
          { resource_provider: { uuid: 'be8b9cba-e7db-4a12-a386-99b4242167fe' }, resources: { DISK_GB: 5 } },
        ],
      });
      expect(ghost.status).toBe(400);
      expect(detail(ghost)).toContain(
        "Allocation for resource provider 'be8b9cba-e7db-4a12-a386-99b4242167fe' that does not exist",
      );
      const ok = await call('PUT', `/allocations/${consumer}`, '1.0', {
        allocations: [{ resource_provider: { uuid: rp.uuid }, resources: { DISK_GB: 10 } }],
      });
      expect(ok.status).toBe(204);
      const dashless = await call('PUT', `/allocations/${consumer.replace(/-/g, '')}`, '1.15', {
        allocations: { [rp.uuid]: { resources: { DISK_GB: 20 } } },
        project_id: 'p',
        user_id: 'u',
      });
      expect(dashless.status).toBe(204);
      expect(dashless.headers['cache-control']).toBeUndefined();
      expect(dashless.headers['last-modified']).toBeUndefined();
      const shown = await call('GET', `/allocations/${consumer}`, '1.15');
      expect(shown.json.allocations[rp.uuid].resources).toEqual({ DISK_GB: 20 });
      expect(shown.headers['cache-control']).toBe('no-cache');
      expect(ok.headers['cache-control']).toBeUndefined();
      expect(ok.headers['last-modified']).toBeUndefined();
      const inuse = await call('DELETE', `/resource_providers/${rp.uuid}`, '1.23');
      expect(inuse.status).toBe(409);
      expect(detail(inuse)).toContain(`Unable to delete resource provider ${rp.uuid}`);
      expect(inuse.json.errors[0].code).toBe('placement.resource_provider.inuse');
      expect((await call('DELETE', `/allocations/${consumer}`, '1.0')).status).toBe(204);
      const again = await call('DELETE', `/allocations/${consumer}`, '1.0');
      expect(again.status).toBe(404);
      expect(detail(again)).toContain(`No allocations for consumer '${consumer}'`);
      const notUuid = await call('PUT', '/allocations/not-a-uuid', '1.0', {
        allocations: [{ resource_provider: { uuid: rp.uuid }, resources: { DISK_GB: 10 } }],
      });
      expect(notUuid.status).toBe(400);
      expect(detail(notUuid)).toContain('Malformed consumer_uuid');
    });
  });

  describe('allocations-1-12.yaml', () => {
    it('words dict-form failures like jsonschema', async () => {
      const rp = await mkProvider('dict-rp');
      const c = 'a0b15655-273a-4b3d-9792-2e579b7d5ad9';
      const put = (allocations: unknown) =>
        call('PUT', `/allocations/${c}`, '1.12', { allocations, project_id: 'p', user_id: 'u' });
      const listish = await put([{ resource_provider: { uuid: rp.uuid }, resources: { DISK_GB: 10 } }]);
      expect(listish.status).toBe(400);
      expect(detail(listish)).toContain('JSON does not validate');
      const notUuid = await put({ nice_house_friend: { resources: { VCPU: 1 } } });
      expect(notUuid.status).toBe(400);
      expect(detail(notUuid)).toContain("'nice_house_friend' does not match any of the regexes");
      const lowerRc = await put({ [rp.uuid]: { resources: { vcpu: 1 } } });
      expect(detail(lowerRc)).toContain("'vcpu' does not match any of the regexes");
      const empty = await put({});
      expect(detail(empty)).toContain('does not have enough properties');
      const extra = await call('PUT', `/allocations/${c}`, '1.12', {
        allocations: { [rp.uuid]: { resources: { VCPU: 1 } } },
        project_id: 'p',
        user_id: 'u',
        bad_field: 'moo',
      });
      expect(detail(extra)).toContain("Additional properties are not allowed ('bad_field' was unexpected)");
    });
  });

  describe('allocations-1.28.yaml and consumer-types-1.38.yaml', () => {
    it('enforces consumer generations with placement.concurrent_update', async () => {
      const rp = await mkProvider('cg-rp');
      await call('PUT', `/resource_providers/${rp.uuid}/inventories`, '1.20', {
        resource_provider_generation: 0,
        inventories: { DISK_GB: { total: 100 } },
      });
      const body = (gen: unknown, extra: object = {}) => ({
        allocations: { [rp.uuid]: { resources: { DISK_GB: 1 } } },
        project_id: 'p',
        user_id: 'u',
        consumer_generation: gen,
        ...extra,
      });
      const c = '22222222-2222-2222-2222-222222222222';
      const notNull = await call('PUT', `/allocations/${c}`, '1.28', body(5));
      expect(notNull.status).toBe(409);
      expect(detail(notNull)).toContain('consumer generation conflict');
      expect(detail(notNull)).toContain('expected null but got 5');
      expect(notNull.json.errors[0].code).toBe('placement.concurrent_update');
      expect((await call('PUT', `/allocations/${c}`, '1.28', body(null))).status).toBe(204);
      const stale = await call('PUT', `/allocations/${c}`, '1.28', body(12));
      expect(stale.status).toBe(409);
      expect(stale.json.errors[0].code).toBe('placement.concurrent_update');
      const noType = await call('PUT', `/allocations/${c}`, '1.38', body(1));
      expect(detail(noType)).toContain("'consumer_type' is a required property");
      const lower = await call('PUT', `/allocations/${c}`, '1.38', body(1, { consumer_type: 'instance' }));
      expect(detail(lower)).toContain("'instance' does not match '^[A-Z0-9_]+$'");
      const gone = await call('PUT', `/allocations/${c}`, '1.28', { ...body(1), allocations: {} });
      expect(gone.status).toBe(204);
      expect((await call('GET', `/allocations/${c}`, '1.28')).json).toEqual({ allocations: {} });
    });
  });

  describe('allocation-candidates.yaml error cases', () => {
    it.each([
      { url: '/allocation_candidates?resources=VCPU:1', mv: '1.8', status: 404, says: [] },
      {
        url: '/allocation_candidates?resources=',
        mv: '1.10',
        status: 400,
        says: [
          'Badly formed resources parameter. Expected resources query string parameter in form',
          'Got: empty string.',
        ],
      },
      {
        url: '/allocation_candidates',
        mv: '1.10',
        status: 400,
        says: ["'resources' is a required property"],
      },
      {
        url: '/allocation_candidates?resources=MCPU:99',
        mv: '1.10',
        status: 400,
        says: ['Invalid resource class in resources parameter'],
      },
      {
        url: '/allocation_candidates?resources=VCPU:1&limit=5',
        mv: '1.15',
        status: 400,
        says: ['Invalid query string parameters', "'limit' was unexpected"],
      },
      ...['cow', '-99', '0'].map((limit) => ({
        url: `/allocation_candidates?resources=VCPU:1&limit=${limit}`,
        mv: '1.16',
        status: 400,
        says: ['Invalid query string parameters', "Failed validating 'pattern'"],
      })),
      {
        url: '/allocation_candidates?resources=VCPU:1&required=HW_CPU_X86_SSE',
        mv: '1.16',
        status: 400,
        says: ["'required' was unexpected"],
      },
      {
        url: '/allocation_candidates?resources=VCPU:1&required=,,',
        mv: '1.17',
        status: 400,
        says: [
          "Invalid query string parameters: Expected 'required' parameter value of the form: HW_CPU_X86_VMX,CUSTOM_MAGIC.",
        ],
      },
      {
        url: '/allocation_candidates?resources=VCPU:1&required=!CUSTOM_MAGIC',
        mv: '1.17',
        status: 400,
        says: ["Expected 'required' parameter value of the form: HW_CPU_X86_VMX,CUSTOM_MAGIC."],
      },
      {
        url: '/allocation_candidates?resources=VCPU:1&required=',
        mv: '1.22',
        status: 400,
        says: ["Expected 'required' parameter value of the form: HW_CPU_X86_VMX,!CUSTOM_MAGIC."],
      },
      {
        url: '/allocation_candidates?resources=VCPU:1&member_of=!in:282d469e-29e2-4a8a-8f2e-31b3202b696a',
        mv: '1.31',
        status: 400,
        says: ['Forbidden member_of parameters are not supported in the specified microversion'],
      },
    ])('answers $url at $mv with $status', async ({ url, mv, status, says }) => {
      const r = await call('GET', url, mv);
      expect(r.status).toBe(status);
      for (const s of says) expect(detail(r)).toContain(s);
    });
  });

  describe('resource-classes.yaml', () => {
    it('hides the endpoint with 404 before 1.2, even with a wrong content type', async () => {
      const hidden = await call('POST', '/resource_classes', '1.1', 'data', { 'content-type': 'text/plain' });
      expect(hidden.status).toBe(404);
      const wrong = await call('POST', '/resource_classes', '1.2', 'data', { 'content-type': 'text/plain' });
      expect(wrong.status).toBe(415);
    });
    it('creates, renames and deletes like Placement', async () => {
      const created = await call('POST', '/resource_classes', '1.2', { name: 'CUSTOM_GABBI_RC' });
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe('http://localhost:80/resource_classes/CUSTOM_GABBI_RC');
      expect(created.headers['content-type']).toBeUndefined();
      const dup = await call('POST', '/resource_classes', '1.2', { name: 'CUSTOM_GABBI_RC' });
      expect(dup.status).toBe(409);
      expect(detail(dup)).toContain('Conflicting resource class already exists');
      const std = await call('PUT', '/resource_classes/VCPU', '1.6', { name: 'CUSTOM_GABBI_RC' });
      expect(std.status).toBe(400);
      expect(detail(std)).toContain('Cannot update standard resource class VCPU');
      await call('POST', '/resource_classes', '1.2', { name: 'CUSTOM_GABBI_FOO' });
      const clash = await call('PUT', '/resource_classes/CUSTOM_GABBI_FOO', '1.6', {
        name: 'CUSTOM_GABBI_RC',
      });
      expect(clash.status).toBe(409);
      expect(detail(clash)).toContain('Resource class already exists');
      expect(detail(clash)).toContain('CUSTOM_GABBI_RC');
      const long = await call('POST', '/resource_classes', '1.2', { name: `CUSTOM_${'S'.repeat(250)}` });
      expect(detail(long)).toContain("Failed validating 'maxLength'");
      const delStd = await call('DELETE', '/resource_classes/VCPU', '1.2');
      expect(delStd.status).toBe(400);
      expect(detail(delStd)).toContain('Cannot delete standard resource class');
      expect((await call('DELETE', '/resource_classes/CUSTOM_GABBI_FOO', '1.2')).status).toBe(204);
      expect((await call('DELETE', '/resource_classes/CUSTOM_GABBI_FOO', '1.2')).status).toBe(404);
    });
  });
});
