/**
 * `limit` and `marker` as Nova reads them: limit must be a non-negative
 * integer and is capped by `[api] max_limit`.
 */
import { InvalidInput } from '@novats/core';

export function parseLimit(raw: unknown, maxLimit: number): number {
  if (raw === undefined) return maxLimit;
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new InvalidInput(
      `Invalid input for query parameters limit. Value: ${String(value)}. '${String(value)}' does not match '^[0-9]*$'`,
    );
  }
  return Math.min(Number(value), maxLimit);
}

export function lastValue(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  return String(Array.isArray(raw) ? raw[raw.length - 1] : raw);
}

export function parseBool(raw: unknown): boolean | undefined {
  const v = lastValue(raw);
  if (v === undefined) return undefined;
  if (/^(1|true|t|yes|y|on)$/i.test(v)) return true;
  if (/^(0|false|f|no|n|off)$/i.test(v)) return false;
  throw new InvalidInput(`Invalid value '${v}' for a boolean query parameter.`);
}
