import { describe, expect, it } from 'vitest';
import { adminContext, type RequestContext } from '../context/request-context.js';
import { PolicyEnforcer, policyCredentials } from './policy-enforcer.js';
import { PolicyNotAuthorized, PolicyNotRegistered, PolicyParseError } from './policy-errors.js';
import type { RuleDefault } from './rule-default.js';

const DEPRECATED_ADMIN = { name: 'rule:admin_api', checkStr: 'role:admin' };
const DEFAULTS: RuleDefault[] = [
  { name: 'admin_api', checkStr: 'role:admin', scopeTypes: ['system'] },
  {
    name: 'system_reader_api',
    checkStr: 'role:reader and system_scope:all',
    deprecatedRule: DEPRECATED_ADMIN,
  },
  {
    name: 'project_reader_api',
    checkStr: 'role:reader and project_id:%(project_id)s',
    deprecatedRule: DEPRECATED_ADMIN,
  },
  { name: 'svc:things:list', checkStr: 'rule:system_reader_api', scopeTypes: ['system'] },
  {
    name: 'svc:usages',
    checkStr: 'rule:system_reader_api or rule:project_reader_api',
    scopeTypes: ['system', 'project'],
  },
];

const ctx = (over: Partial<RequestContext>): RequestContext => ({
  request_id: 'req-1',
  user_id: 'u',
  project_id: 'p',
  roles: [],
  is_admin: false,
  ...over,
});
const projectAdmin = policyCredentials(ctx({ roles: ['admin', 'member', 'reader'] }));
const projectReader = policyCredentials(ctx({ roles: ['reader'] }));
const systemReader = policyCredentials(ctx({ roles: ['reader'], project_id: null, system_scope: 'all' }));

describe('PolicyEnforcer', () => {
  it('accepts the deprecated rule too while enforce_new_defaults is off (Zed)', () => {
    const e = new PolicyEnforcer(DEFAULTS);
    expect(e.check('svc:things:list', {}, projectAdmin)).toBe(true);
    expect(e.check('svc:things:list', {}, systemReader)).toBe(true);
    expect(e.check('svc:things:list', {}, projectReader)).toBe(false);
  });

  it('applies only the new defaults when enforce_new_defaults is on', () => {
    const e = new PolicyEnforcer(DEFAULTS, { enforceNewDefaults: true });
    expect(e.check('svc:things:list', {}, projectAdmin)).toBe(false);
    expect(e.check('svc:things:list', {}, systemReader)).toBe(true);
    expect(e.check('svc:usages', { project_id: 'p' }, projectReader)).toBe(true);
    expect(e.check('svc:usages', { project_id: 'other' }, projectReader)).toBe(false);
  });

  it('denies other token scopes only when enforce_scope is on', () => {
    const loose = new PolicyEnforcer(DEFAULTS);
    const strict = new PolicyEnforcer(DEFAULTS, { enforceScope: true });
    expect(loose.check('admin_api', {}, projectAdmin)).toBe(true);
    expect(strict.check('admin_api', {}, projectAdmin)).toBe(false);
    expect(strict.check('svc:usages', { project_id: 'p' }, projectAdmin)).toBe(true);
    expect(strict.check('svc:things:list', {}, systemReader)).toBe(true);
    const domain = policyCredentials(ctx({ roles: ['admin'], project_id: null, domain_id: 'd' }));
    expect(strict.check('svc:usages', {}, domain)).toBe(false);
  });

  it('lets a policy file override a default and define aliases', () => {
    const e = new PolicyEnforcer(DEFAULTS, {
      overrides: { 'svc:things:list': 'rule:anyone', anyone: '@' },
    });
    expect(e.check('svc:things:list', {}, projectReader)).toBe(true);
    expect(e.ruleNames).toContain('anyone');
  });

  it('keeps an override of the deprecated name for the new rule', () => {
    const e = new PolicyEnforcer(DEFAULTS, { overrides: { 'rule:admin_api': 'role:operator' } });
    const operator = policyCredentials(ctx({ roles: ['operator'] }));
    expect(e.check('system_reader_api', {}, operator)).toBe(true);
    expect(e.check('system_reader_api', {}, projectAdmin)).toBe(false);
  });

  it('falls back to the default rule for unknown rule: references', () => {
    const e = new PolicyEnforcer(DEFAULTS, {
      overrides: { default: 'role:member', 'svc:things:list': 'rule:missing' },
    });
    expect(e.check('svc:things:list', {}, projectAdmin)).toBe(true);
    expect(e.check('svc:things:list', {}, systemReader)).toBe(false);
  });

  it('throws typed errors: not authorized, not registered, bad rule, cycles', () => {
    const e = new PolicyEnforcer(DEFAULTS);
    expect(() => e.authorize('svc:things:list', {}, projectReader)).toThrow(PolicyNotAuthorized);
    try {
      e.authorize('svc:things:list', {}, projectReader);
    } catch (err) {
      expect((err as PolicyNotAuthorized).status).toBe(403);
      expect((err as PolicyNotAuthorized).action).toBe('svc:things:list');
      expect((err as PolicyNotAuthorized).code).toBe('policy.not_authorized');
    }
    expect(() => e.authorize('svc:unknown', {}, projectAdmin)).toThrow(PolicyNotRegistered);
    expect(e.check('svc:unknown', {}, projectAdmin)).toBe(false);
    expect(() => e.authorize('svc:things:list', {}, systemReader)).not.toThrow();
    expect(() => new PolicyEnforcer(DEFAULTS, { overrides: { admin_api: 'role:admin and' } })).toThrow(
      PolicyParseError,
    );
    expect(() => new PolicyEnforcer(DEFAULTS, { overrides: { a: 'rule:b', b: 'rule:a' } })).toThrow(
      PolicyParseError,
    );
  });

  it('builds credentials like oslo.context to_policy_values', () => {
    const creds = policyCredentials(ctx({ roles: ['reader'], system_scope: 'all', project_id: null }));
    expect(creds).toMatchObject({ system_scope: 'all', system: 'all', roles: ['reader'], project_id: null });
    expect(policyCredentials(adminContext('r')).is_admin).toBe(true);
  });
});
