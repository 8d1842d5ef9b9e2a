/**
 * nova-manage's view of nova.conf: core's oslo.config-compatible parser,
 * with deprecation warnings printed the way oslo.log shows them.
 */
import { hostname } from 'node:os';
import { NovaConfig } from '@novats/core';
import type { ManageConfig } from './manage-context.js';

export function loadManageConfig(
  files: readonly { name: string; text: string }[],
  warn: (message: string) => void,
): ManageConfig {
  const conf = NovaConfig.fromSources(
    files.map((f) => ({ name: f.name, text: f.text })),
    { hostname: hostname(), onWarning: warn },
  );
  return { opt: (group, name) => conf.getString(group, name) };
}
