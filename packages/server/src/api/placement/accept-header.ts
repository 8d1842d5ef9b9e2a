/**
 * HTTP Accept negotiation as webob does it for Placement: which of a list of
 * offers a client accepts, best quality first (ties keep the offers' order),
 * and the media type of an error body. Placement treats a missing Accept or
 * `*\/*` as `application/json` (its request-log middleware rewrites it), so
 * error bodies are JSON unless the client asked for something else: HTML
 * when it accepts text/html first, plain text when it accepts neither.
 */

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [media, ...params] = part.split(';').map((s) => s.trim());
    if (!media) continue;
    const [type, subtype] = media.toLowerCase().split('/');
    if (!type || !subtype) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k === 'q' && v !== undefined && !Number.isNaN(Number(v))) q = Number(v);
    }
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** The offers `header` accepts with q > 0, best first (webob's acceptable_offers). */
export function acceptableOffers(header: string, offers: readonly string[]): string[] {
  const ranges = parseAccept(header);
  const scored: { offer: string; q: number; i: number }[] = [];
  offers.forEach((offer, i) => {
    const [type, subtype] = offer.split('/');
    let best: { q: number; specificity: number } | undefined;
    for (const r of ranges) {
      const specificity =
        r.type === type && r.subtype === subtype
          ? 2
          : r.type === type && r.subtype === '*'
            ? 1
            : r.type === '*'
              ? 0
              : -1;
      if (specificity < 0) continue;
      if (!best || specificity > best.specificity) best = { q: r.q, specificity };
    }
    if (best && best.q > 0) scored.push({ offer, q: best.q, i });
  });
  return scored.sort((a, b) => b.q - a.q || a.i - b.i).map((s) => s.offer);
}

/** The Accept header as Placement sees it: missing or `*\/*` become `application/json`. */
export function effectiveAccept(header: string | undefined): string {
  return header === undefined || header === '' || header.trim() === '*/*' ? 'application/json' : header;
}

export type ErrorMediaType = 'application/json' | 'text/html' | 'text/plain';

export function errorMediaType(header: string | undefined): ErrorMediaType {
  const [match] = acceptableOffers(effectiveAccept(header), ['text/html', 'application/json']);
  return (match as ErrorMediaType | undefined) ?? 'text/plain';
}
