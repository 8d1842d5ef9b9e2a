/**
 * Test support for weighers: runs one weigher through Nova's normalisation
 * and returns `[host, weight]` pairs best first, as `nova/weights.py` would.
 */
import type { RequestSpec } from '../../objects/request-spec.js';
import type { HostState } from '../host-state.js';
import { resolveSchedulerOptions, type SchedulerOptions, type SchedulerOptionsInput } from '../options.js';
import { runPipeline } from '../pipeline.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import type { HostWeigher } from '../weigher.js';

export function weighedOrder(
  factory: (opts: SchedulerOptions) => HostWeigher,
  hosts: readonly HostState[],
  input: SchedulerOptionsInput = {},
  spec: RequestSpec = makeRequestSpec(),
): [string, number][] {
  const weigher = factory(resolveSchedulerOptions(input));
  return runPipeline(hosts, spec, [], [weigher]).weighed.map((w) => [w.host.host, w.weight]);
}
