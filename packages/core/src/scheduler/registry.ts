/**
 * Plugins by name (Kubernetes' `NewInTreeRegistry`, instead of Nova's
 * directory scanning). `build` resolves configured names once at start-up
 * and throws SchedulerHostFilterNotFound listing every unknown name. A name
 * may be Nova's short class name (`RAMWeigher`) or a dotted class path
 * (`nova.scheduler.weights.ram.RAMWeigher`); the `all_filters` /
 * `all_weighers` paths mean every registered plugin, in registration order.
 */
import { SchedulerHostFilterNotFound } from '../errors/scheduler-errors.js';
import type { HostFilter } from './filter.js';
import { allHostsFilter } from './filters/all-hosts-filter.js';
import { computeFilter } from './filters/compute-filter.js';
import {
  ALL_FILTERS,
  ALL_WEIGHERS,
  FilterName,
  NOVA_DEFAULT_ENABLED_FILTERS,
  shortPluginName,
  WeigherName,
} from './names.js';
import type { SchedulerOptions } from './options.js';
import type { HostWeigher } from './weigher.js';
import { createRamWeigher } from './weighers/ram-weigher.js';

/** Builds one plugin from the validated options; called once at start-up. */
export type PluginFactory<T> = (opts: SchedulerOptions) => T;

export class PluginRegistry<T> {
  readonly #factories = new Map<string, PluginFactory<T>>();

  /** @param allName the configured value meaning "every registered plugin". */
  constructor(readonly allName: string) {}

  /** Adds a plugin under Nova's short name; throws on a duplicate. */
  register(name: string, factory: PluginFactory<T>): this {
    if (this.#factories.has(name)) throw new Error(`scheduler plugin ${name} is already registered`);
    this.#factories.set(name, factory);
    return this;
  }

  has(name: string): boolean {
    return this.#factories.has(shortPluginName(name));
  }

  /** Registered short names, in registration order. */
  names(): string[] {
    return [...this.#factories.keys()];
  }

  /**
   * The plugins for `names`, in order, without duplicates. Throws
   * SchedulerHostFilterNotFound naming every unknown entry.
   */
  build(names: readonly string[], opts: SchedulerOptions): T[] {
    const resolved: string[] = [];
    const unknown: string[] = [];
    for (const configured of names) {
      const wanted = configured.trim() === this.allName ? this.names() : [shortPluginName(configured)];
      for (const name of wanted) {
        if (!this.#factories.has(name)) unknown.push(configured);
        else if (!resolved.includes(name)) resolved.push(name);
      }
    }
    if (unknown.length > 0) throw new SchedulerHostFilterNotFound(unknown);
    return resolved.map((name) => (this.#factories.get(name) as PluginFactory<T>)(opts));
  }
}

export interface SchedulerRegistries {
  readonly filters: PluginRegistry<HostFilter>;
  readonly weighers: PluginRegistry<HostWeigher>;
}

/** A fresh pair of registries holding every in-tree filter and weigher. */
export function createInTreeRegistries(): SchedulerRegistries {
  const filters = new PluginRegistry<HostFilter>(ALL_FILTERS)
    .register(FilterName.ALL_HOSTS, () => allHostsFilter)
    .register(FilterName.COMPUTE, () => computeFilter);
  const weighers = new PluginRegistry<HostWeigher>(ALL_WEIGHERS).register(WeigherName.RAM, createRamWeigher);
  return { filters, weighers };
}

/**
 * NOTE(defaults): a nova.conf that keeps Nova's default `enabled_filters`
 * names filters not ported yet. This drops exactly those (and only while they
 * are unregistered) so the server can warn and start; any other unknown name
 * still makes `build` throw.
 */
export function dropUnimplementedNovaDefaults(
  names: readonly string[],
  filters: PluginRegistry<HostFilter>,
): { names: string[]; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const name of names) {
    const short = shortPluginName(name);
    if (!filters.has(short) && NOVA_DEFAULT_ENABLED_FILTERS.includes(short)) dropped.push(name);
    else kept.push(name);
  }
  return { names: kept, dropped };
}
