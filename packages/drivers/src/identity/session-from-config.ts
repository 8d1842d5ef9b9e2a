/**
 * Builds a keystoneauth plugin and session from one nova.conf group, as
 * `ks_loading.load_auth_from_conf_options` + `load_session_from_conf_options`
 * do for `[placement]`, `[glance]`, `[neutron]` and `[keystone_authtoken]`.
 * Every missing option of the chosen plugin is named in one error.
 */
import type { NovaConfig } from '@novats/core';
import type { AuthPlugin } from './auth-plugin.js';
import { AuthMissingOption, AuthPluginNotFound } from './identity-errors.js';
import { KeystoneSession } from './keystone-session.js';
import { PasswordPlugin } from './password-plugin.js';
import { StaticTokenPlugin } from './token-plugin.js';

/** The catalog type each client group looks up (Nova's `service_type` defaults). */
export const GROUP_SERVICE_TYPES: Readonly<Record<string, string>> = {
  placement: 'placement',
  glance: 'image',
  neutron: 'network',
  cinder: 'volumev3',
  keystone_authtoken: 'identity',
};

export interface SessionFromConfigOptions {
  /** Overrides GROUP_SERVICE_TYPES. */
  readonly serviceType?: string;
  /** Per-request timeout towards Keystone (default 30 s). */
  readonly timeoutMs?: number;
  /** Clock in ms since the epoch (tests). */
  readonly now?: () => number;
}

function reader(conf: NovaConfig, group: string) {
  return (name: string): string | undefined => {
    const v = conf.getString(group, name)?.trim();
    return v ? v : undefined;
  };
}

/** The auth plugin named by `[group] auth_type`; throws AuthMissingOption / AuthPluginNotFound. */
export function authPluginFromConfig(
  conf: NovaConfig,
  group: string,
  opts: SessionFromConfigOptions = {},
): AuthPlugin {
  const get = reader(conf, group);
  const authType = get('auth_type');
  if (!authType) throw new AuthMissingOption(group, '(none)', ['auth_type']);
  if (authType === 'admin_token' || authType === 'token') {
    const token = get('token');
    if (!token) throw new AuthMissingOption(group, authType, ['token']);
    return new StaticTokenPlugin(authType, token);
  }
  if (authType !== 'password' && authType !== 'v3password') throw new AuthPluginNotFound(group, authType);
  const missing: string[] = [];
  const need = (ok: unknown, name: string) => {
    if (!ok) missing.push(name);
  };
  need(get('auth_url'), 'auth_url');
  need(get('username') ?? get('user_id'), 'username');
  need(get('password'), 'password');
  if (get('username') && !get('user_id')) {
    need(get('user_domain_name') ?? get('user_domain_id'), 'user_domain_name');
  }
  if (get('project_name') && !get('project_id')) {
    need(get('project_domain_name') ?? get('project_domain_id'), 'project_domain_name');
  }
  // NOTE(nova): a service acts inside its project (`service`); an unscoped token has no catalog to use.
  need(get('project_name') ?? get('project_id'), 'project_name');
  if (missing.length > 0) throw new AuthMissingOption(group, authType, missing);
  return new PasswordPlugin({
    authUrl: get('auth_url')!,
    password: get('password')!,
    username: get('username'),
    userId: get('user_id'),
    userDomainName: get('user_domain_name'),
    userDomainId: get('user_domain_id'),
    projectName: get('project_name'),
    projectId: get('project_id'),
    projectDomainName: get('project_domain_name'),
    projectDomainId: get('project_domain_id'),
    group,
    timeoutMs: opts.timeoutMs,
    now: opts.now,
  });
}

/**
 * A session for the service a client group talks to, e.g.
 * `sessionFromConfig(conf, 'placement')`. Fixed-token plugins need
 * `endpoint_override` (there is no catalog without Keystone).
 */
export function sessionFromConfig(
  conf: NovaConfig,
  group: string,
  opts: SessionFromConfigOptions = {},
): KeystoneSession {
  const get = reader(conf, group);
  const plugin = authPluginFromConfig(conf, group, opts);
  const endpointOverride = get('endpoint_override') ?? null;
  if (!endpointOverride && plugin.name !== 'password') {
    throw new AuthMissingOption(group, plugin.name, ['endpoint_override']);
  }
  const interfaces = (get('valid_interfaces') ?? 'internal,public')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return new KeystoneSession({
    plugin,
    serviceType: opts.serviceType ?? GROUP_SERVICE_TYPES[group] ?? group,
    interfaces,
    region: get('region_name') ?? null,
    endpointOverride,
    group,
  });
}
