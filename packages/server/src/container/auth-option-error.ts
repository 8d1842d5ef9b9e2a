/**
 * keystoneauth's start-up errors (a plugin missing options, an unknown
 * auth_type) restated as the one option the operator must set, so that a
 * service's single error line starts with `[group] option:` like every other
 * start-up failure. Matched on `code`; anything else is passed on unchanged.
 */
import { isNovaError } from '@novats/core';
import { InvalidServiceOption } from './deployment-errors.js';

interface AuthErrorFields {
  readonly group: string;
  readonly plugin: string;
  readonly options?: readonly string[];
}

const PLUGINS_HELP =
  'set it to password (with auth_url, username, password and project_name) or admin_token (with token)';

export function authOptionError(err: unknown): unknown {
  if (!isNovaError(err)) return err;
  const e = err as unknown as AuthErrorFields;
  if (err.code === 'config.auth_plugin_not_found')
    return new InvalidServiceOption(e.group, 'auth_type', `no auth plugin '${e.plugin}'; ${PLUGINS_HELP}.`);
  if (err.code !== 'config.auth_missing_option' || !e.options?.length) return err;
  // NOTE(keystoneauth): with no auth_type at all the missing "option" is auth_type itself.
  if (e.options.includes('auth_type'))
    return new InvalidServiceOption(e.group, 'auth_type', `is not set; ${PLUGINS_HELP}.`);
  const all = e.options.map((o) => `[${e.group}] ${o}`).join(', ');
  return new InvalidServiceOption(e.group, e.options[0], `is not set; auth_type ${e.plugin} needs ${all}.`);
}
