/**
 * What oslo.config's log_opt_values does when a Nova service starts with
 * --debug: every option the files set, one DEBUG line each, with secret
 * options (passwords, tokens, connection strings) masked, so that an
 * operator sees which file's value won.
 */
import { type Logger, NOVA_OPTIONS, type NovaConfig } from '@novats/core';

/** Options of groups Novats does not define (keystoneauth's) that hold secrets all the same. */
const SECRET_NAME = /password|token|secret/;

function isSecret(group: string, key: string): boolean {
  const known = (NOVA_OPTIONS as Record<string, Record<string, { secret?: boolean }>>)[group]?.[key];
  return known?.secret === true || SECRET_NAME.test(key);
}

export function logOptionValues(conf: NovaConfig, log: Logger): void {
  log.debug('Configuration options set by the config files:');
  for (const group of conf.groups()) {
    for (const key of conf.keys(group)) {
      const value = isSecret(group, key) ? '****' : conf.getString(group, key);
      log.debug(`[${group}] ${key} = ${value ?? ''}`);
    }
  }
}
