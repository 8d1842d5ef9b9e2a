/**
 * The `--before` dates of `db archive_deleted_rows` and `db purge`. Nova reads
 * them with dateutil: `YYYY-MM-DD [HH:mm:ss]`, ISO 8601, or what `date`
 * prints (`Tue Nov 30 02:56:00 UTC 2021`). A time without a zone is UTC, the
 * zone Nova stores `deleted_at` in.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const DATE_CMD =
  /^(?:[a-z]{3},?\s+)?([a-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(?:([a-z]{2,5}|[+-]\d{4})\s+)?(\d{4})$/i;

/** Minutes east of UTC for a zone suffix; unknown abbreviations count as UTC, as dateutil ignores them. */
function offsetMinutes(zone: string | undefined): number {
  if (!zone || !/^[+-]/.test(zone)) return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

function build(parts: {
  year: string;
  month: number;
  day: string;
  hour?: string;
  minute?: string;
  second?: string;
  fraction?: string;
  zone?: string;
}): Date | null {
  const month = parts.month;
  const day = Number(parts.day);
  const hour = Number(parts.hour ?? 0);
  const minute = Number(parts.minute ?? 0);
  const second = Number(parts.second ?? 0);
  const ms = Number((parts.fraction ?? '0').slice(0, 3).padEnd(3, '0'));
  const utc = Date.UTC(Number(parts.year), month - 1, day, hour, minute, second, ms);
  const d = new Date(utc - offsetMinutes(parts.zone) * 60_000);
  // Date.UTC rolls 2021-02-31 over into March; dateutil refuses it.
  const check = new Date(utc);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  return d;
}

/**
 * The instant `text` names, as an ISO string; throws with dateutil's wording
 * ("Unknown string format: ...") when it names none.
 */
export function parseBeforeDate(text: string): string {
  const s = text.trim();
  let d: Date | null = null;
  const iso = ISO.exec(s);
  if (iso) {
    d = build({
      year: iso[1],
      month: Number(iso[2]),
      day: iso[3],
      hour: iso[4],
      minute: iso[5],
      second: iso[6],
      fraction: iso[7],
      zone: iso[8],
    });
  } else {
    const cmd = DATE_CMD.exec(s);
    const month = cmd ? MONTHS.indexOf(cmd[1].toLowerCase()) + 1 : 0;
    if (cmd && month > 0)
      d = build({
        year: cmd[7],
        month,
        day: cmd[2],
        hour: cmd[3],
        minute: cmd[4],
        second: cmd[5],
        zone: cmd[6],
      });
  }
  if (!d) throw new Error(`Unknown string format: ${text}`);
  return d.toISOString();
}
