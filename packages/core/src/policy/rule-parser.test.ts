import { describe, expect, it } from 'vitest';
import { evaluateCheck, type PolicyCredentials, type PolicyTarget } from './policy-check.js';
import { PolicyParseError } from './policy-errors.js';
import { parsePolicyRule, parseRule } from './rule-parser.js';

const admin = { roles: ['Admin'], project_id: 'p1', user_id: 'u1', system_scope: null, is_admin: true };
const member = {
  roles: ['member', 'reader'],
  project_id: 'p1',
  user_id: 'u1',
  system_scope: null,
  is_admin: false,
};
const systemReader = {
  roles: ['reader'],
  project_id: null,
  user_id: 'u2',
  system_scope: 'all',
  is_admin: false,
};
const noRules = () => undefined;
const run = (
  rule: string,
  creds: PolicyCredentials,
  target: PolicyTarget = { project_id: 'p1', user_id: 'u1' },
) => evaluateCheck(parseRule(rule), target, creds, noRules);

describe('oslo.policy rule language', () => {
  it.each([
    { rule: '', creds: member, want: true },
    { rule: '@', creds: member, want: true },
    { rule: '!', creds: admin, want: false },
    { rule: 'role:admin', creds: admin, want: true },
    { rule: 'role:ADMIN', creds: admin, want: true },
    { rule: 'role:admin', creds: member, want: false },
    { rule: 'is_admin:True', creds: admin, want: true },
    { rule: 'is_admin:True', creds: member, want: false },
    { rule: 'is_admin:False', creds: member, want: true },
    { rule: 'system_scope:all', creds: systemReader, want: true },
    { rule: 'system_scope:all', creds: member, want: false },
    { rule: 'project_id:%(project_id)s', creds: member, want: true },
    { rule: 'user_id:%(user_id)s', creds: systemReader, want: false },
    { rule: 'role:reader and system_scope:all', creds: systemReader, want: true },
    { rule: 'role:reader and system_scope:all', creds: member, want: false },
    { rule: 'role:admin or role:reader', creds: member, want: true },
    { rule: 'not role:admin', creds: member, want: true },
    { rule: 'not role:admin and role:member', creds: member, want: true },
    { rule: 'role:admin or role:member and system_scope:all', creds: member, want: false },
    { rule: '(role:admin or role:member) and project_id:%(project_id)s', creds: member, want: true },
    { rule: '((role:admin)) or (not (role:member))', creds: member, want: false },
    { rule: "'p1':%(project_id)s", creds: systemReader, want: true },
    { rule: 'role:reader AND system_scope:all', creds: systemReader, want: true },
  ])('$rule for roles $creds.roles is $want', ({ rule, creds, want }) => {
    expect(run(rule, creds)).toBe(want);
  });

  it('fails a check whose target key is missing, as oslo does', () => {
    expect(run('project_id:%(project_id)s', member, {})).toBe(false);
    expect(run('role:%(role)s', member, {})).toBe(false);
  });

  it('compares None like Python: an absent project matches a None target', () => {
    expect(run('project_id:%(project_id)s', systemReader, { project_id: null })).toBe(true);
  });

  it('walks dotted credentials and lists', () => {
    const creds = { token: { roles: [{ name: 'a' }, { name: 'b' }] } };
    expect(run('token.roles.name:b', creds)).toBe(true);
    expect(run('token.roles.name:c', creds)).toBe(false);
  });

  it('resolves rule: references through the lookup, failing closed on unknown names', () => {
    const rules = new Map([['admin_api', parseRule('role:admin')]]);
    const lookup = (n: string) => rules.get(n);
    expect(evaluateCheck(parseRule('rule:admin_api'), {}, admin, lookup)).toBe(true);
    expect(evaluateCheck(parseRule('rule:admin_api'), {}, member, lookup)).toBe(false);
    expect(evaluateCheck(parseRule('rule:nope or role:member'), {}, member, lookup)).toBe(true);
  });

  it('reads the legacy list form: outer or, inner and', () => {
    const check = parsePolicyRule([['role:reader', 'system_scope:all'], ['role:admin']]);
    expect(evaluateCheck(check, {}, systemReader, noRules)).toBe(true);
    expect(evaluateCheck(check, {}, member, noRules)).toBe(false);
    expect(evaluateCheck(check, {}, admin, noRules)).toBe(true);
    expect(evaluateCheck(parsePolicyRule([]), {}, member, noRules)).toBe(true);
  });

  it.each([
    'role:admin and',
    'or role:admin',
    '(role:admin',
    'role:admin)',
    'admin',
    'http://example.com',
    'role:a role:b',
  ])('rejects %j with a typed error', (rule) => {
    let error: unknown;
    try {
      parseRule(rule);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PolicyParseError);
    expect((error as PolicyParseError).code).toBe('policy.invalid_rule');
  });
});
