/**
 * PCI aliases (Nova's `pci/request.py`): `[pci] alias` JSON entries name a
 * device class, and a flavor's `pci_passthrough:alias` (`gpu:2,nic`) asks
 * for that many devices of it. Several entries with one name widen the
 * match; they must agree on device_type and numa_policy.
 */
import { InvalidInput } from '../errors/common-errors.js';
import type { Flavor } from '../objects/flavor.js';
import type { RequestSpec } from '../objects/request-spec.js';
import type { PciNumaPolicy, PciRequest } from './pci-stats.js';

/** One `[pci] alias` entry. */
export interface PciAlias {
  readonly name: string;
  readonly vendor_id?: string;
  readonly product_id?: string;
  /** `type-PCI`, `type-PF` or `type-VF`; matched against the pool's `dev_type` tag. */
  readonly device_type?: string;
  /** Default `legacy`. */
  readonly numa_policy?: PciNumaPolicy;
}

const DEVICE_TYPES = new Set(['type-PCI', 'type-PF', 'type-VF']);
const NUMA_POLICIES = new Set(['required', 'preferred', 'legacy']);
const HEX4 = /^[0-9a-fA-F]{4}$|^\*$/;

/** Parses and validates the `[pci] alias` MultiStrOpt values (Nova's `_get_alias_from_config`). */
export function parsePciAliases(entries: readonly string[]): PciAlias[] {
  const aliases: PciAlias[] = [];
  for (const entry of entries) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(entry);
    } catch {
      throw new InvalidInput(`Invalid [pci] alias, not JSON: ${entry}`);
    }
    for (const raw of Array.isArray(parsed) ? parsed : [parsed]) aliases.push(checkAlias(raw, entry));
  }
  for (const alias of aliases) {
    const first = aliases.find((a) => a.name === alias.name) as PciAlias;
    if (first.device_type !== alias.device_type || first.numa_policy !== alias.numa_policy) {
      throw new InvalidInput(
        `PCI alias ${alias.name} is defined with conflicting device_type or numa_policy`,
      );
    }
  }
  return aliases;
}

function checkAlias(raw: unknown, entry: string): PciAlias {
  if (typeof raw !== 'object' || raw === null) throw new InvalidInput(`Invalid [pci] alias: ${entry}`);
  const a = raw as Record<string, unknown>;
  const str = (key: string): string | undefined => {
    const value = a[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new InvalidInput(`Invalid [pci] alias ${key}: ${entry}`);
    return value;
  };
  const name = str('name');
  if (!name) throw new InvalidInput(`[pci] alias needs a name: ${entry}`);
  const vendor_id = str('vendor_id');
  const product_id = str('product_id');
  const device_type = str('device_type');
  const numa_policy = str('numa_policy');
  if ((vendor_id && !HEX4.test(vendor_id)) || (product_id && !HEX4.test(product_id))) {
    throw new InvalidInput(`PCI alias ${name}: vendor_id and product_id are 4 hex digits`);
  }
  if (device_type !== undefined && !DEVICE_TYPES.has(device_type)) {
    throw new InvalidInput(`PCI alias ${name}: unknown device_type ${device_type}`);
  }
  if (numa_policy !== undefined && !NUMA_POLICIES.has(numa_policy)) {
    throw new InvalidInput(`PCI alias ${name}: unknown numa_policy ${numa_policy}`);
  }
  return { name, vendor_id, product_id, device_type, numa_policy: numa_policy as PciNumaPolicy | undefined };
}

/** Resolved PCI requests, or why the flavor's aliases cannot be resolved. */
export type AliasResolution = { readonly requests: readonly PciRequest[] } | { readonly error: string };

/** The requests of `pci_passthrough:alias` (Nova's `_translate_alias_to_requests`). */
export function pciRequestsFromFlavor(flavor: Flavor, aliases: readonly PciAlias[]): AliasResolution {
  const text = flavor.extra_specs['pci_passthrough:alias'];
  if (!text) return { requests: [] };
  const requests: PciRequest[] = [];
  for (const item of text.split(',')) {
    const [rawName, rawCount] = item.split(':');
    const name = (rawName ?? '').trim();
    const count = rawCount === undefined ? 1 : Number(rawCount.trim());
    if (!name || !Number.isInteger(count) || count < 1)
      return { error: `invalid PCI alias request '${item}'` };
    const matching = aliases.filter((a) => a.name === name);
    if (matching.length === 0) return { error: `PCI alias ${name} is not defined` };
    const spec = matching.map((a) => {
      const s: Record<string, string> = {};
      if (a.vendor_id) s.vendor_id = a.vendor_id;
      if (a.product_id) s.product_id = a.product_id;
      if (a.device_type) s.dev_type = a.device_type;
      return s;
    });
    requests.push({ count, spec, alias_name: name, numa_policy: matching[0]?.numa_policy ?? 'legacy' });
  }
  return { requests };
}

const caches = new WeakMap<readonly PciAlias[], WeakMap<Flavor, AliasResolution>>();

/**
 * Every PCI request of `spec`: its own plus the flavor's aliases, unless the
 * API already resolved them (a request carrying an `alias_name`). Cached per
 * flavor and alias table so that filtering N hosts resolves once.
 */
export function pciRequestsOf(spec: RequestSpec, aliases: readonly PciAlias[]): AliasResolution {
  const own = spec.pci_requests ?? [];
  if (!spec.flavor.extra_specs['pci_passthrough:alias'] || own.some((r) => r.alias_name !== undefined)) {
    return { requests: own };
  }
  let cache = caches.get(aliases);
  if (cache === undefined) {
    cache = new WeakMap();
    caches.set(aliases, cache);
  }
  let resolved = cache.get(spec.flavor);
  if (resolved === undefined) {
    resolved = pciRequestsFromFlavor(spec.flavor, aliases);
    cache.set(spec.flavor, resolved);
  }
  if ('error' in resolved || own.length === 0) return resolved;
  return { requests: [...own, ...resolved.requests] };
}
