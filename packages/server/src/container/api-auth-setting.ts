/**
 * `[api] auth_strategy` for the HTTP services: noauth2 as a setting (the
 * all-in-one cloud forces it), else Keystone validation built from
 * `[keystone_authtoken]`. Building it sends no request.
 */
import type { Logger, NovaConfig } from '@novats/core';
import { type ApiAuth, authStrategyFromConfig, embeddedIdentityAuth } from '../api/auth/index.js';
import { authOptionError } from './auth-option-error.js';
import type { ServiceSettings } from './service-settings.js';

export function apiAuth(settings: ServiceSettings, conf: NovaConfig, log?: Logger): ApiAuth {
  if (settings.authStrategy === 'noauth2') {
    return settings.identityUrl ? embeddedIdentityAuth(conf, settings.identityUrl) : 'noauth2';
  }
  try {
    return authStrategyFromConfig(conf, { log });
  } catch (err) {
    throw authOptionError(err);
  }
}
