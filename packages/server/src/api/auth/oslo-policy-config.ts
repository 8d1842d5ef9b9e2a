/**
 * An API's policy enforcer from nova.conf's `[oslo_policy]`, as oslo.policy
 * reads it for every OpenStack service: `policy_file` (YAML or JSON, rule
 * name → check string; a relative path is looked up in the config files'
 * directories, then the service's own /etc directories, as oslo.config
 * searches; a missing file means defaults only), `enforce_scope`,
 * `enforce_new_defaults` and `policy_default_rule`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  type NovaConfig,
  PolicyEnforcer,
  PolicyParseError,
  type PolicyRuleSource,
  type RuleDefault,
} from '@novats/core';
import { parse as parseYaml } from 'yaml';

/** Reads a policy file's rules; YAML is a superset of JSON, so one parser reads both. */
export function readPolicyFile(path: string): Record<string, PolicyRuleSource> {
  const data: unknown = parseYaml(readFileSync(path, 'utf8'));
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new PolicyParseError(path, 'a policy file maps rule names to check strings');
  return data as Record<string, PolicyRuleSource>;
}

function bool(conf: NovaConfig, key: string): boolean {
  const v = conf.getString('oslo_policy', key)?.toLowerCase();
  return v === 'true' || v === '1' || v === 'yes' || v === 'on';
}

/**
 * `defaults`: the API's registered rules; `etcDirs`: where the service keeps
 * its files (/etc/nova, and /etc/placement for Placement), searched after
 * `configDirs` (the directories of the `--config-file`s).
 */
export function policyEnforcerFromConfig(
  conf: NovaConfig,
  defaults: readonly RuleDefault[],
  etcDirs: readonly string[],
  configDirs: readonly string[] = [],
): PolicyEnforcer {
  const file = conf.getString('oslo_policy', 'policy_file') ?? 'policy.yaml';
  const candidates = isAbsolute(file) ? [file] : [...configDirs, ...etcDirs].map((d) => join(d, file));
  const found = candidates.find((p) => existsSync(p));
  return new PolicyEnforcer(defaults, {
    overrides: found ? readPolicyFile(found) : {},
    enforceScope: bool(conf, 'enforce_scope'),
    enforceNewDefaults: bool(conf, 'enforce_new_defaults'),
    defaultRule: conf.getString('oslo_policy', 'policy_default_rule') ?? 'default',
  });
}
