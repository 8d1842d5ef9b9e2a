/**
 * The host filter contract (Nova's `BaseHostFilter`, Kubernetes' FilterPlugin
 * shape). Filters are synchronous and pure: they read only the HostState and
 * RequestSpec passed in, and say why they reject a host.
 */
import type { RequestSpec } from '../objects/request-spec.js';
import type { HostState } from './host-state.js';

/** The outcome for one host; `reason` is an exported constant of the filter. */
export type FilterVerdict = { readonly pass: true } | { readonly pass: false; readonly reason: string };

/** The one shared passing verdict, so that filters do not allocate on success. */
export const PASS: FilterVerdict = Object.freeze({ pass: true as const });

/** A rejection with `reason`. */
export function rejectHost(reason: string): FilterVerdict {
  return { pass: false, reason };
}

export interface HostFilter {
  /** Nova's exact class name, e.g. `ComputeFilter`: the value in `enabled_filters`. */
  readonly name: string;
  /** Runs on a same-host rebuild too (Nova's `RUN_ON_REBUILD`). */
  readonly runOnRebuild: boolean;
  /** Runs only for the first instance of a multi-create (Nova's `run_filter_once_per_request`). */
  readonly oncePerRequest: boolean;
  /**
   * Whether `host` can take one instance of `spec`. Mirrors
   * `BaseHostFilter.host_passes`; must not throw, mutate or do I/O.
   */
  hostPasses(host: Readonly<HostState>, spec: Readonly<RequestSpec>): FilterVerdict;
  /**
   * Optional: true when every host passes for this spec (Kubernetes'
   * PreFilter `Skip`), so the pipeline need not call `hostPasses` at all.
   * Must agree with `hostPasses`; answering false is always safe.
   */
  skipFor?(spec: Readonly<RequestSpec>): boolean;
}
