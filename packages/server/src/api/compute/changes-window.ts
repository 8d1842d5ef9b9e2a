/**
 * `changes-since` / `changes-before` query parameters (Nova's
 * `timeutils.parse_isotime`): ISO 8601 times, 400 when malformed, and 400
 * when before < since ("The value of changes-since must be less than or
 * equal to changes-before.").
 */
import { InvalidInput } from '@novats/core';
import { lastValue } from './pagination.js';
import type { Query } from './route-table.js';

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

function isoTime(q: Query, name: string): string | undefined {
  const raw = lastValue(q[name]);
  if (raw === undefined) return undefined;
  if (!ISO.test(raw) || Number.isNaN(new Date(raw).getTime())) {
    throw new InvalidInput(
      `Invalid input for query parameters ${name}. Value: ${raw}. '${raw}' is not a 'date-time'`,
    );
  }
  return new Date(raw).toISOString();
}

/** The window asked for; `before` only when the microversion takes it (2.66). */
export function changesWindow(q: Query, withBefore: boolean): { since?: string; before?: string } {
  const since = isoTime(q, 'changes-since');
  const before = withBefore ? isoTime(q, 'changes-before') : undefined;
  if (since && before && before < since) {
    throw new InvalidInput('The value of changes-since must be less than or equal to changes-before.');
  }
  return { since, before };
}

/** True when an ISO time lies in the window (both ends inclusive). */
export function inWindow(iso: string, w: { since?: string; before?: string }): boolean {
  const at = new Date(iso).toISOString();
  return (!w.since || at >= w.since) && (!w.before || at <= w.before);
}
