import { describe, expect, it } from 'vitest';
import {
  activeInPeriod,
  auditPeriodBounds,
  isAuditPeriodUnit,
  lastCompletedAuditPeriod,
} from './audit-period.js';

const at = (iso: string) => Date.parse(iso);
const period = (unit: string, now: string) => {
  const p = lastCompletedAuditPeriod(unit, at(now));
  return [new Date(p.beginning).toISOString(), new Date(p.ending).toISOString()];
};

describe('lastCompletedAuditPeriod', () => {
  it('gives the last completed month, year, day or hour, with offsets', () => {
    expect(period('month', '2026-11-30T15:00:00Z')).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ]);
    expect(period('month', '2026-01-01T00:00:00Z')).toEqual([
      '2025-11-01T00:00:00.000Z',
      '2025-12-01T00:00:00.000Z',
    ]);
    expect(period('month@15', '2026-11-10T00:00:00Z')).toEqual([
      '2026-09-15T00:00:00.000Z',
      '2026-10-15T00:00:00.000Z',
    ]);
    expect(period('year', '2026-11-30T00:00:00Z')).toEqual([
      '2025-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
    expect(period('year@3', '2026-02-01T00:00:00Z')).toEqual([
      '2024-03-01T00:00:00.000Z',
      '2025-03-01T00:00:00.000Z',
    ]);
    expect(period('day', '2026-11-30T15:00:00Z')).toEqual([
      '2026-11-29T00:00:00.000Z',
      '2026-11-30T00:00:00.000Z',
    ]);
    expect(period('day@18', '2026-11-30T15:00:00Z')).toEqual([
      '2026-11-28T18:00:00.000Z',
      '2026-11-29T18:00:00.000Z',
    ]);
    expect(period('hour', '2026-11-30T15:20:00Z')).toEqual([
      '2026-11-30T14:00:00.000Z',
      '2026-11-30T15:00:00.000Z',
    ]);
    expect(period('hour@30', '2026-11-30T15:20:00Z')).toEqual([
      '2026-11-30T13:30:00.000Z',
      '2026-11-30T14:30:00.000Z',
    ]);
  });

  it('the current period runs from the last one’s end to now; units are checked as Nova’s regex', () => {
    const now = at('2026-11-30T15:20:00Z');
    expect(auditPeriodBounds('day', now, true)).toEqual({
      beginning: at('2026-11-30T00:00:00Z'),
      ending: now,
    });
    expect(isAuditPeriodUnit('month@15')).toBe(true);
    expect(isAuditPeriodUnit('week')).toBe(false);
  });

  it('an instance is active in a period when launched before its end and not terminated before its start', () => {
    const p = { beginning: at('2026-11-30T14:00:00Z'), ending: at('2026-11-30T15:00:00Z') };
    expect(activeInPeriod({ launched_at: '2026-11-30T10:00:00Z', terminated_at: null }, p)).toBe(true);
    expect(activeInPeriod({ launched_at: '2026-11-30T15:00:00Z', terminated_at: null }, p)).toBe(false);
    expect(activeInPeriod({ launched_at: null, terminated_at: null }, p)).toBe(false);
    expect(
      activeInPeriod({ launched_at: '2026-11-30T10:00:00Z', terminated_at: '2026-11-30T14:30:00Z' }, p),
    ).toBe(true);
    expect(
      activeInPeriod({ launched_at: '2026-11-30T10:00:00Z', terminated_at: '2026-11-30T13:00:00Z' }, p),
    ).toBe(false);
  });
});
