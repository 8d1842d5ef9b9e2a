/**
 * The quota engine's settings from `[quota]`: the default limit of each
 * resource, whether quotas apply at all (`driver`), and `recheck_quota`.
 */
import type { NovaConfig } from '../config/nova-config.js';
import { QUOTA_OPTION_GROUPS } from '../config/quota-options.js';
import { configQuotaDefaults, unlimitedQuotas } from './quota-limits.js';
import type { QuotaLimits } from './quota-resources.js';

export interface QuotaSettings {
  /** The `[quota]` default limits (the `default` quota class overrides them). */
  readonly configDefaults: QuotaLimits;
  /** `driver = nova.quota.NoopQuotaDriver`: every limit -1, nothing checked. */
  readonly noop: boolean;
  /**
   * `recheck_quota`: true makes a check and the records it admits one step
   * per project (no race lets a project past its limit); false checks
   * without it, and concurrent requests may together exceed a limit.
   */
  readonly recheckQuota: boolean;
}

const OPTIONS = QUOTA_OPTION_GROUPS.quota;
type LimitOption = Exclude<keyof typeof OPTIONS, 'driver' | 'recheck_quota' | 'count_usage_from_placement'>;
const LIMIT_OPTIONS = Object.keys(OPTIONS).filter(
  (k) => OPTIONS[k as keyof typeof OPTIONS].type === 'int',
) as LimitOption[];

function settingsOf(value: (name: LimitOption) => number, driver: string, recheck: boolean): QuotaSettings {
  const options: Record<string, number> = {};
  for (const name of LIMIT_OPTIONS) options[name] = value(name);
  const noop = driver === 'nova.quota.NoopQuotaDriver';
  return {
    configDefaults: noop ? unlimitedQuotas() : configQuotaDefaults(options),
    noop,
    recheckQuota: recheck,
  };
}

/** Nova's defaults (no nova.conf). */
export const DEFAULT_QUOTA_SETTINGS: QuotaSettings = settingsOf(
  (name) => OPTIONS[name].default,
  OPTIONS.driver.default,
  OPTIONS.recheck_quota.default,
);

export function quotaSettingsFromConfig(conf: NovaConfig): QuotaSettings {
  return settingsOf(
    (name) => conf.get('quota', name) as number,
    conf.get('quota', 'driver') as string,
    conf.get('quota', 'recheck_quota') as boolean,
  );
}
