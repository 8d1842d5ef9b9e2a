/**
 * Placement's default policies decide each route from the request context
 * that noauth2 builds out of keystonemiddleware-style headers, as in
 * Placement's *-legacy-rbac gabbits (Zed: deprecated `role:admin` still
 * accepted) and *-secure-rbac ones (enforce_scope + enforce_new_defaults);
 * a policy file's rules override the defaults.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NovaConfig, PolicyEnforcer } from '@novats/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PLACEMENT_POLICIES,
  placementPolicyFromConfig,
} from '../../packages/server/src/api/placement/index.js';
import { type PlacementApp, usePlacementApp } from '../support/placement-app.js';

const PROJECT = 'f8c1a1f0-5d2b-4b11-9a3c-1f2e3d4c5b6a';
const OTHER = '0a4f5c2e-0000-4000-8000-000000000001';
const headers = {
  admin: { 'x-auth-token': 'admin' },
  systemAdmin: { 'x-auth-token': 'user', 'x-roles': 'admin,member,reader', 'openstack-system-scope': 'all' },
  systemReader: { 'x-auth-token': 'user', 'x-roles': 'reader', 'openstack-system-scope': 'all' },
  projectAdmin: { 'x-auth-token': 'user', 'x-roles': 'admin,member,reader', 'x-project-id': PROJECT },
  projectMember: { 'x-auth-token': 'user', 'x-roles': 'member,reader', 'x-project-id': PROJECT },
  projectReader: { 'x-auth-token': 'user', 'x-roles': 'reader', 'x-project-id': PROJECT },
  otherReader: { 'x-auth-token': 'user', 'x-roles': 'reader', 'x-project-id': OTHER },
} as const;
type Who = keyof typeof headers;

function caller(get: () => PlacementApp) {
  return async (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, body?: object) => {
    const res = await get().inject({
      method,
      url,
      headers: { ...headers[who], 'openstack-api-version': 'placement latest' },
      ...(body ? { payload: body } : {}),
    });
    return { status: res.statusCode, json: res.body ? res.json() : undefined };
  };
}

describe('placement default policies, legacy RBAC (Zed defaults)', () => {
  let app: PlacementApp;
  usePlacementApp('sqlite', 'placement_policy_legacy', (_s, a) => {
    app = a;
  });
  const call = caller(() => app);

  it.each([
    { who: 'admin', read: 200, write: 200 },
    { who: 'systemAdmin', read: 200, write: 200 },
    { who: 'projectAdmin', read: 200, write: 200 },
    { who: 'systemReader', read: 200, write: 403 },
    { who: 'projectMember', read: 403, write: 403 },
    { who: 'projectReader', read: 403, write: 403 },
  ] as const)('$who: read $read, write $write', async ({ who, read, write }) => {
    expect((await call(who, 'GET', '/resource_providers')).status).toBe(read);
    const created = await call(who, 'POST', '/resource_providers', { name: `rp-${who}` });
    expect(created.status).toBe(write);
    if (write === 403) {
      expect(created.json.errors[0]).toMatchObject({
        status: 403,
        title: 'Forbidden',
        code: 'placement.undefined_code',
      });
      expect(created.json.errors[0].detail).toContain(
        'Policy does not allow placement:resource_providers:create to be performed.',
      );
    }
  });

  it('lets a project reader see its own project usages only', async () => {
    expect((await call('projectReader', 'GET', `/usages?project_id=${PROJECT}`)).status).toBe(200);
    expect((await call('otherReader', 'GET', `/usages?project_id=${PROJECT}`)).status).toBe(403);
    expect((await call('systemReader', 'GET', `/usages?project_id=${PROJECT}`)).status).toBe(200);
  });

  it('answers 401 without a token and serves / to anyone', async () => {
    expect((await app.inject({ method: 'GET', url: '/resource_providers' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
  });
});

describe('placement policies with enforce_scope and enforce_new_defaults', () => {
  let app: PlacementApp;
  usePlacementApp(
    'sqlite',
    'placement_policy_secure',
    (_s, a) => {
      app = a;
    },
    { policy: new PolicyEnforcer(PLACEMENT_POLICIES, { enforceScope: true, enforceNewDefaults: true }) },
  );
  const call = caller(() => app);

  it.each([
    { who: 'systemAdmin', read: 200, write: 200 },
    { who: 'systemReader', read: 200, write: 403 },
    { who: 'projectAdmin', read: 403, write: 403 },
    { who: 'admin', read: 403, write: 403 },
  ] as const)('$who: read $read, write $write', async ({ who, read, write }) => {
    expect((await call(who, 'GET', '/resource_providers')).status).toBe(read);
    expect((await call(who, 'POST', '/resource_providers', { name: `rp-${who}` })).status).toBe(write);
  });

  it('allows project-scoped usages for the project reader', async () => {
    expect((await call('projectReader', 'GET', `/usages?project_id=${PROJECT}`)).status).toBe(200);
    expect((await call('otherReader', 'GET', `/usages?project_id=${PROJECT}`)).status).toBe(403);
  });
});

describe('placement policy file from [oslo_policy]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'novats-policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'policy.yaml'),
    '"placement:resource_providers:list": "@"\n"placement:traits:list": "role:auditor"\n',
  );
  writeFileSync(join(dir, 'policy.json'), JSON.stringify({ 'placement:resource_providers:list': '!' }));
  const conf = (text: string) => NovaConfig.fromSources([text]);

  let app: PlacementApp;
  usePlacementApp(
    'sqlite',
    'placement_policy_file',
    (_s, a) => {
      app = a;
    },
    { policy: placementPolicyFromConfig(conf(`[oslo_policy]\npolicy_file = ${join(dir, 'policy.yaml')}\n`)) },
  );
  const call = caller(() => app);

  it('applies the YAML file over the defaults', async () => {
    expect((await call('projectMember', 'GET', '/resource_providers')).status).toBe(200);
    expect((await call('admin', 'GET', '/traits')).status).toBe(403);
    const auditor = await app.inject({
      method: 'GET',
      url: '/traits',
      headers: { 'x-auth-token': 'a', 'x-roles': 'auditor', 'openstack-api-version': 'placement 1.6' },
    });
    expect(auditor.statusCode).toBe(200);
    expect((await call('admin', 'POST', '/resource_providers', { name: 'rp-file' })).status).toBe(200);
  });

  it('reads JSON files and [oslo_policy] flags, relative paths in the config dirs', () => {
    const e = placementPolicyFromConfig(
      conf('[oslo_policy]\npolicy_file = policy.json\nenforce_scope = True\n'),
      [dir],
    );
    const admin = { roles: ['admin'], project_id: 'p', system_scope: null };
    expect(e.check('placement:resource_providers:list', {}, admin)).toBe(false);
    expect(e.check('placement:resource_providers:show', {}, admin)).toBe(false);
    const loose = placementPolicyFromConfig(conf('[oslo_policy]\npolicy_file = missing.yaml\n'), [dir]);
    expect(loose.check('placement:resource_providers:show', {}, admin)).toBe(true);
  });
});
