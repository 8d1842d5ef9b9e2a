/**
 * Hand-drawn SVG charts (no charting library: a few hundred bytes each):
 * a ring for used against a limit, a horizontal bar, and a heat map of
 * usage fractions (hosts by resource class).
 */

/** Colour of a usage fraction: green, then amber, then red. */
export function usageColour(fraction: number): string {
  if (fraction >= 0.9) return '#c62828';
  if (fraction >= 0.7) return '#ef8f00';
  return '#2e7d32';
}

/** A ring chart of `used` out of `limit` (limit < 0: unlimited). */
export function UsageRing(props: { label: string; used: number; limit: number; unit?: string }) {
  const unlimited = props.limit < 0;
  const fraction = unlimited || props.limit === 0 ? 0 : Math.min(1, props.used / props.limit);
  const r = 40;
  const c = 2 * Math.PI * r;
  const text = `${props.used}${props.unit ?? ''} of ${unlimited ? 'unlimited' : `${props.limit}${props.unit ?? ''}`}`;
  return (
    <figure class="ring" aria-label={`${props.label}: ${text}`}>
      <svg viewBox="0 0 100 100" width="120" height="120" role="img" aria-hidden="true">
        <circle cx="50" cy="50" r={r} fill="none" stroke="#e3e6ea" stroke-width="12" />
        <circle
          cx="50"
          cy="50"
          r={r}
          fill="none"
          stroke={usageColour(fraction)}
          stroke-width="12"
          stroke-dasharray={`${fraction * c} ${c}`}
          transform="rotate(-90 50 50)"
        />
        <text x="50" y="55" text-anchor="middle" font-size="16">
          {unlimited ? '∞' : `${Math.round(fraction * 100)}%`}
        </text>
      </svg>
      <figcaption>
        <strong>{props.label}</strong>
        <br />
        <span class="muted">{text}</span>
      </figcaption>
    </figure>
  );
}

/** A horizontal bar of `used` against `capacity`. */
export function UsageBar(props: { label: string; used: number; capacity: number; unit?: string }) {
  const fraction = props.capacity > 0 ? Math.min(1, props.used / props.capacity) : 0;
  return (
    <div class="bar">
      <meter
        class="sr-only"
        min={0}
        max={props.capacity}
        value={props.used}
        data-used={props.used}
        aria-label={props.label}
      />
      <span class="bar-label">{props.label}</span>
      <svg viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="12" aria-hidden="true">
        <rect width="100" height="10" fill="#e3e6ea" />
        <rect width={fraction * 100} height="10" fill={usageColour(fraction)} />
      </svg>
      <span class="bar-value">
        {props.used} / {props.capacity}
        {props.unit ?? ''}
      </span>
    </div>
  );
}

/** Rows (hosts) by columns (resource classes): each cell's colour is its usage fraction. */
export function HeatMap(props: {
  rows: string[];
  columns: string[];
  fraction(row: string, column: string): number | null;
}) {
  return (
    <table class="heatmap" aria-label="Usage heat map">
      <thead>
        <tr>
          <th scope="col">Host</th>
          {props.columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r}>
            <th scope="row">{r}</th>
            {props.columns.map((c) => {
              const f = props.fraction(r, c);
              return (
                <td
                  key={c}
                  style={{ background: f === null ? '#f4f5f7' : heat(f) }}
                  title={f === null ? 'none' : `${Math.round(f * 100)}%`}
                >
                  {f === null ? '–' : `${Math.round(f * 100)}%`}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** White (idle) to deep red (full). */
function heat(f: number): string {
  const x = Math.max(0, Math.min(1, f));
  return `hsl(${Math.round(120 - 120 * x)}, 70%, ${Math.round(92 - 40 * x)}%)`;
}
