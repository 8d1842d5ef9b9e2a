/**
 * Vendor data (Nova's vendordata providers): StaticJSON serves the JSON file
 * `[api] vendordata_jsonfile_path` as vendor_data.json; DynamicJSON posts the
 * instance's facts to each `[api] vendordata_dynamic_targets` name@url and
 * serves the answers by name in vendor_data2.json. A failing target is left
 * out (logged) unless `vendordata_dynamic_failure_fatal`.
 */
import { readFileSync } from 'node:fs';
import type { Instance, Logger } from '@novats/core';
import type { MetadataSettings } from './metadata-settings.js';

export class VendorData {
  readonly #static: unknown;

  constructor(
    private readonly settings: MetadataSettings,
    private readonly logger: Logger,
  ) {
    this.#static = this.#readStatic();
  }

  /** vendor_data.json: the file's JSON, read once at start-up; {} when unset or unreadable. */
  staticJson(): unknown {
    return this.#static;
  }

  /** vendor_data2.json: each dynamic target's answer by target name. */
  async dynamicJson(instance: Instance, roles: readonly string[]): Promise<Record<string, unknown>> {
    if (!this.settings.vendordataProviders.includes('DynamicJSON')) return {};
    const out: Record<string, unknown> = {};
    const body = JSON.stringify({
      'project-id': instance.project_id,
      'instance-id': instance.uuid,
      'image-id': instance.image_ref,
      'user-data': instance.user_data,
      hostname: instance.hostname,
      metadata: instance.metadata,
      'boot-roles': roles.join(','),
    });
    for (const target of this.settings.vendordataDynamicTargets) {
      const at = target.indexOf('@');
      if (at <= 0) {
        this.logger.warning(`vendordata_dynamic_targets: ${target} is not name@url; skipped`);
        continue;
      }
      const name = target.slice(0, at);
      const url = target.slice(at + 1);
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body,
          signal: AbortSignal.timeout(this.settings.vendordataDynamicTimeout * 1000),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        out[name] = await res.json();
      } catch (err) {
        if (this.settings.vendordataDynamicFailureFatal) throw err;
        this.logger.warning(`Error from dynamic vendordata service ${name} at ${url}: ${String(err)}`);
      }
    }
    return out;
  }

  #readStatic(): unknown {
    const path = this.settings.vendordataJsonfilePath;
    if (!this.settings.vendordataProviders.includes('StaticJSON') || !path) return {};
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      this.logger.warning(`vendordata_jsonfile_path ${path}: ${String(err)}; serving {}`);
      return {};
    }
  }
}
